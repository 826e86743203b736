import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCalendarTools } from './calendar-tools.js';
import { registerChapterTools } from './chapter-tools.js';
import { registerEventTools } from './event-tools.js';
import type { ToolDeps } from './hub-tools.js';

const INSTRUCTIONS = `Read-only access to One Team Gov chapters and their events (unconferences, meetups, breakfasts) on this hub and the instances it aggregates.
Use search_events for "what is on" questions: filter by chapter, country, dates (from/to as UTC instants), attendanceMode (online, inPerson, hybrid), inLanguage (BCP 47 tags such as fr, cy, sv) or free text (q). Times in answers are the events' own local times with their time zone.
Always give people each event's page link (pageUrl). list_chapters gives chapter ids; calendar_links gives a feed URL to subscribe to.`;

/**
 * The hub as an MCP server: the same tools over stdio (`otg-hub mcp`) and over
 * streamable HTTP (`/mcp`). Each transport supplies how a call gets its service context.
 */
export function createHubMcpServer(
  deps: ToolDeps & { instanceName: string; version: string },
): McpServer {
  const server = new McpServer(
    { name: 'oneteamgov-hub', title: deps.instanceName, version: deps.version },
    { instructions: INSTRUCTIONS },
  );
  registerEventTools(server, deps);
  registerChapterTools(server, deps);
  registerCalendarTools(server, deps);
  return server;
}
