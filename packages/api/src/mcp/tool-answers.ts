import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES } from '@oneteamgov/schema';
import type { Logger } from 'pino';
import { ApiError } from '../lib/problem.js';
import { DomainError } from '../services/errors.js';

/** A tool's answer: readable text for the assistant to quote, and the same data structured. */
export function answer(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A tool error the assistant can read and act on (MCP tool errors are results, not protocol errors). */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool's work. What the caller can fix (an unknown id, a bad cursor) comes
 * back as a tool error with the service's own message; anything else is logged
 * and answered without its internals (a database message says nothing useful
 * to an assistant and may say too much).
 */
export async function runTool(
  logger: Logger,
  tool: string,
  work: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    const fixable = callerCanFix(error);
    if (fixable) return toolError(fixable);
    logger.error({ err: error, tool }, 'MCP tool failed');
    return toolError('The hub could not answer just now; try again later.');
  }
}

/** The message of an error in the caller's input (a 4xx in the REST API), or null. */
function callerCanFix(error: unknown): string | null {
  if (error instanceof DomainError && ERROR_CODES[error.code].status < 500) {
    const fields = (error.fields ?? []).map((f) => `${f.field}: ${f.detail}`);
    return [error.message, ...fields].join('\n');
  }
  if (error instanceof ApiError && error.status < 500) {
    const fields = (error.errors ?? []).map((f) => `${f.pointer}: ${f.detail}`);
    return [error.message, ...fields].join('\n');
  }
  return null;
}
