import type { Access } from '../auth/route-policy.js';
import { CACHING, type Caching, cacheControl } from '../lib/cache.js';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  access: Access;
  caching: Caching;
}

/** Operations as the OpenAPI document declares them: the same declarations the middleware enforces. */
export function declaredOperations(document: { paths?: Record<string, unknown> }): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: String(op.operationId),
      access: op['x-access'] as Access,
      caching: op['x-caching'] as Caching,
    })),
  );
}

const endpoint = (op: Operation) => `\`${op.method} ${op.path}\``;

function describeAccess(rule: Access): string {
  switch (rule.kind) {
    case 'anonymous':
      return 'anyone (a key is optional)';
    case 'key':
      return 'any valid key';
    case 'admin':
      return 'an admin key';
    case 'chapter':
      return `\`${rule.scope}\` on the chapter in the path`;
    case 'owner':
      return `\`${rule.scope}\` on the chapter of the object addressed (lists: only those chapters)`;
  }
}

/** Outside the OpenAPI document, served with the same policies. */
const OTHER_RESOURCES: [string, Caching][] = [
  ['`GET /openapi.json`, the embed script and pages (`/embed…`)', CACHING.directory],
  ['Event pages (`/events/{eventId}`), ActivityPub outboxes', CACHING.listing],
  ['Versioned assets (`/docs/assets/…`, `/embed/{release}/otg-events.js`)', CACHING.immutable],
  ['`GET /docs` (names the versioned assets)', CACHING.revalidate],
  ['`GET /favicon.svg`', CACHING.reference],
  ['`GET /metrics`, any error (`application/problem+json`)', CACHING.none],
];

export function cachingTable(operations: Operation[]): string {
  const rows = new Map<string, string[]>();
  for (const op of operations.filter((o) => o.method === 'GET')) {
    if (op.access.kind !== 'anonymous') continue;
    const value = cacheControl(op.caching);
    rows.set(value, [...(rows.get(value) ?? []), endpoint(op)]);
  }
  const lines = ['| Endpoint | `Cache-Control` |', '|---|---|'];
  for (const [value, endpoints] of rows) lines.push(`| ${endpoints.join(', ')} | \`${value}\` |`);
  lines.push(
    `| Any request made with an API key, and every write | \`${cacheControl(CACHING.private)}\` |`,
  );
  for (const [what, caching] of OTHER_RESOURCES)
    lines.push(`| ${what} | \`${cacheControl(caching)}\` |`);
  return lines.join('\n');
}

export function accessTable(operations: Operation[]): string {
  const lines = ['| Operation | Who may call it |', '|---|---|'];
  for (const op of operations.filter((o) => o.access.kind !== 'anonymous'))
    lines.push(`| ${endpoint(op)} (\`${op.operationId}\`) | ${describeAccess(op.access)} |`);
  return lines.join('\n');
}

/** Replaces what sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(markdown: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`missing ${start} … ${end} markers`);
  return `${markdown.slice(0, from + start.length)}\n${content}\n${markdown.slice(to)}`;
}
