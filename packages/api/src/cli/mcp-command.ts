import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import pino from 'pino';
import type { Config } from '../config.js';
import type { LogLevel } from '../lib/logger.js';
import { createHubMcpServer } from '../mcp/hub-mcp-server.js';
import { VERSION } from '../version.js';
import { cliCtx, withDatabase } from './with-database.js';

/** Resolves when the assistant closes our stdin (it has quit) or on SIGTERM / SIGINT. */
function untilClientLeaves(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}

/**
 * `otg-hub mcp`: stdout belongs to the protocol, so logs go to stderr (which
 * assistants keep as the server's log) and anything else printing to the
 * console is sent there too. Reads the configured database directly, like
 * every other command; an embedded data directory is locked by one process at
 * a time, so point it at PostgreSQL, or at a hub's /mcp, when `serve` runs too.
 */
export async function mcpCommand(config: Config, migrationsFolder: string): Promise<number> {
  for (const method of ['log', 'info', 'debug', 'warn'] as const) {
    console[method] = (...args: unknown[]) => console.error(...args);
  }
  const logger = pino(
    { level: config.LOG_LEVEL as LogLevel, base: { service: 'oneteamgov-hub-mcp' } },
    pino.destination({ dest: 2, sync: true }),
  );
  return withDatabase(config, migrationsFolder, async (database) => {
    const server = createHubMcpServer({
      ctx: () => cliCtx(database.db, config),
      logger,
      instanceName: config.INSTANCE_NAME,
      version: VERSION,
    });
    const leaving = untilClientLeaves();
    await server.connect(new StdioServerTransport());
    logger.info({ database: database.kind }, 'MCP server ready on stdio');
    await leaving;
    await server.close();
    return 0;
  });
}
