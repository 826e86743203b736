import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import type { ServiceCtx } from '../services/context.js';

/** What every tool needs: a service context per call (the caller's, or the command line's), and a logger. */
export interface ToolDeps {
  ctx: () => ServiceCtx;
  logger: Logger;
}

export type RegisterTools = (server: McpServer, deps: ToolDeps) => void;

/** Every hub tool only reads: assistants may call them without asking the person first. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
