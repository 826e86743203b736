import { isDeepStrictEqual } from 'node:util';
import { and, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from '../../packages/api/src/db/schema/index.js';
import { eventFilters } from '../../packages/api/src/services/events/list-events.js';
import { whereClause } from './servers/shared.js';

/**
 * Before anything is timed: every server must answer the same request with the
 * same page, or the comparison means nothing. Mismatches are reported (and
 * recorded in the results), not hidden.
 */

export interface Fetched {
  status: number;
  body: string;
  etag: string | null;
  link: string | null;
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  // Identity, as the load generator asks: a compressed answer's ETag is weak, the baseline's never.
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  return {
    status: response.status,
    body: await response.text(),
    etag: response.headers.get('etag'),
    link: response.headers.get('link'),
  };
}

export interface PageCheck {
  path: string;
  apiStatus: number;
  apiItems: number;
  apiBytes: number;
  /** Baseline body byte-identical to the API's (and so the same ETag). */
  baselineIdentical: boolean;
  baselineSameLink: boolean;
  /** Ceiling body equal to the API's as JSON (PostgreSQL's json output spaces differ). */
  ceilingEquivalent: boolean;
  ceilingBytes: number;
  notes: string[];
}

export async function checkPage(
  path: string,
  bases: { api: string; baseline: string; ceiling: string },
): Promise<PageCheck> {
  const [api, baseline, ceiling] = await Promise.all([
    get(bases.api + path),
    get(bases.baseline + path),
    get(bases.ceiling + path),
  ]);
  const notes: string[] = [];
  if (api.status !== 200) notes.push(`API answered ${api.status}: ${api.body.slice(0, 300)}`);
  if (baseline.status !== 200)
    notes.push(`baseline answered ${baseline.status}: ${baseline.body.slice(0, 300)}`);
  if (ceiling.status !== 200)
    notes.push(`ceiling answered ${ceiling.status}: ${ceiling.body.slice(0, 300)}`);
  const parse = (f: Fetched) => {
    try {
      return JSON.parse(f.body) as { data?: unknown[]; nextCursor?: string | null };
    } catch {
      return null;
    }
  };
  const apiJson = parse(api);
  const ceilingJson = parse(ceiling);
  const baselineIdentical = api.body === baseline.body && api.etag === baseline.etag;
  if (!baselineIdentical) notes.push(firstDifference('baseline', api.body, baseline.body));
  const ceilingEquivalent = apiJson !== null && isDeepStrictEqual(apiJson, ceilingJson);
  if (!ceilingEquivalent) {
    notes.push(firstDifference('ceiling', JSON.stringify(apiJson), JSON.stringify(ceilingJson)));
  }
  return {
    path,
    apiStatus: api.status,
    apiItems: apiJson?.data?.length ?? 0,
    apiBytes: Buffer.byteLength(api.body),
    baselineIdentical,
    baselineSameLink: api.link === baseline.link,
    ceilingEquivalent,
    ceilingBytes: Buffer.byteLength(ceiling.body),
    notes,
  };
}

function firstDifference(name: string, a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `${name} differs from the API at character ${i}: API …${a.slice(Math.max(0, i - 60), i + 60)}… vs ${name} …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

/**
 * A cursor `rows` rows deep, made the way the API makes them: the filter-bound
 * kind taken from a real nextCursor, the key from the row at that position.
 */
export async function deepCursor(
  databaseUrl: string,
  firstPageCursor: string,
  query: { chapter: string; from: string },
  rows: number,
): Promise<{ cursor: string; startsAt: string; id: string; matching: number }> {
  const [kind] = JSON.parse(Buffer.from(firstPageCursor, 'base64url').toString('utf8')) as string[];
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const from = new Date(query.from);
    const scan = new Date(from.getTime() - 31 * 86_400_000);
    const where = client`deleted_at is null and hidden_at is null and ends_at >= ${from.toISOString()}::timestamptz
      and starts_at >= ${scan.toISOString()}::timestamptz and chapter_id = ${query.chapter}`;
    const [count] = await client<
      { n: number }[]
    >`select count(*)::int as n from events where ${where}`;
    const [row] = await client<{ starts_at: Date; id: string }[]>`
      select starts_at, id from events where ${where}
      order by starts_at, id offset ${rows - 1} limit 1`;
    if (!row) throw new Error(`fewer than ${rows} events match ${JSON.stringify(query)}`);
    const startsAt = row.starts_at.toISOString();
    return {
      cursor: Buffer.from(JSON.stringify([kind, startsAt, row.id]), 'utf8').toString('base64url'),
      startsAt,
      id: row.id,
      matching: count?.n ?? 0,
    };
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** The id of the event at 0-based position `offset` of the list, to check the deep page. */
export async function idAt(
  databaseUrl: string,
  query: { chapter: string; from: string },
  offset: number,
): Promise<string | undefined> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const from = new Date(query.from);
    const scan = new Date(from.getTime() - 31 * 86_400_000);
    const [row] = await client<{ id: string }[]>`
      select id from events where deleted_at is null and hidden_at is null and ends_at >= ${from.toISOString()}::timestamptz
        and starts_at >= ${scan.toISOString()}::timestamptz and chapter_id = ${query.chapter}
      order by starts_at, id offset ${offset} limit 1`;
    return row?.id;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Whether the hand-written servers still select the rows the API selects: the
 * API's own filters and keyset (its page query adds the JSON around them),
 * rendered by drizzle without touching a database, against the WHERE clause
 * of servers/shared.ts.
 */
export function sqlMatchesApi(): { identical: boolean; api?: string; note?: string } {
  try {
    const dialect = new PgDialect({ casing: 'snake_case' });
    const render = (withCursor: boolean) => {
      const where = eventFilters(
        { chapter: ['uk'], from: '2026-01-01T00:00:00Z', limit: 20 } as never,
        new Date(),
      );
      if (withCursor) {
        where.push(
          sql`(${schema.events.startsAt}, ${schema.events.id}) > (${sql`${'2026-02-01T00:00:00.000Z'}::timestamptz`}, ${'x'})`,
        );
      }
      return dialect.sqlToQuery(sql`where ${and(...where)}`).sql;
    };
    const first = render(false);
    const deep = render(true);
    const identical = first === whereClause(1, false) && deep === whereClause(1, true);
    return identical
      ? { identical }
      : {
          identical,
          api: first,
          note: 'the API now filters differently; update servers/shared.ts',
        };
  } catch (error) {
    return {
      identical: false,
      note: `could not render the API's SQL: ${(error as Error).message}`,
    };
  }
}

export interface Verified {
  deepPath: string;
  /** Body bytes of the API's first and deep pages and of the ceiling's (same data, other spacing). */
  bytes: { first: number; deep: number; ceilingFirst: number };
  apiEtag: string;
  baselineEtag: string;
  /** Recorded in the results file. */
  record: Record<string, unknown>;
  /** Human-readable lines for the log. */
  lines: string[];
  warnings: string[];
}

/** Runs every check and returns what the measurements need (the deep path, the ETags). */
export async function verifyServers(options: {
  bases: { api: string; baseline: string; ceiling: string };
  databaseUrl: string;
  firstPath: string;
  query: { chapter: string; from: string };
  deepRows: number;
}): Promise<Verified> {
  const { bases, databaseUrl, firstPath, query, deepRows } = options;
  const warnings: string[] = [];
  const lines: string[] = [];
  const first = await get(bases.api + firstPath);
  if (first.status !== 200)
    throw new Error(`API answered ${first.status} to ${firstPath}: ${first.body}`);
  const firstCursor = (JSON.parse(first.body) as { nextCursor: string | null }).nextCursor;
  if (!firstCursor) throw new Error('the first page has no nextCursor: not enough data');
  const deep = await deepCursor(databaseUrl, firstCursor, query, deepRows);
  const deepPath = `${firstPath}&cursor=${deep.cursor}`;
  const checks = [await checkPage(firstPath, bases), await checkPage(deepPath, bases)];
  const deepPage = JSON.parse((await get(bases.api + deepPath)).body) as { data: { id: string }[] };
  const deepIsRight = deepPage.data[0]?.id === (await idAt(databaseUrl, query, deepRows));
  if (!deepIsRight) warnings.push(`the deep page does not start at row ${deepRows + 1}`);

  const apiEtag = first.etag;
  const baselineEtag = (await get(bases.baseline + firstPath)).etag;
  if (!apiEtag || !baselineEtag) throw new Error('no ETag on the first page');
  const api304 = await get(bases.api + firstPath, { 'If-None-Match': apiEtag });
  const baseline304 = await get(bases.baseline + firstPath, { 'If-None-Match': baselineEtag });
  if (api304.status !== 304)
    warnings.push(`API answered ${api304.status} to If-None-Match, not 304`);
  if (baseline304.status !== 304)
    warnings.push(`baseline answered ${baseline304.status} to If-None-Match`);
  const sqlCheck = sqlMatchesApi();

  for (const check of checks) {
    const path = check.path.length > 70 ? `${check.path.slice(0, 70)}…` : check.path;
    lines.push(
      `check ${path}: API ${check.apiStatus}, ${check.apiItems} events, ${check.apiBytes} B; baseline byte-identical: ${check.baselineIdentical ? 'yes' : 'NO'}; ceiling same JSON: ${check.ceilingEquivalent ? 'yes' : 'NO'} (${check.ceilingBytes} B)`,
    );
    warnings.push(...check.notes);
  }
  lines.push(
    `deep cursor: row ${deepRows.toLocaleString('en-GB')} of ${deep.matching.toLocaleString('en-GB')} (${deep.startsAt}, ${deep.id}); page starts at the next row: ${deepIsRight ? 'yes' : 'NO'}`,
  );
  lines.push(`304: API ${api304.status}, baseline ${baseline304.status}`);
  lines.push(
    `baseline filters and keyset identical to the API's: ${sqlCheck.identical ? 'yes' : `NO (${sqlCheck.note})`}`,
  );
  if (!sqlCheck.identical) warnings.push(`SQL check: ${sqlCheck.note}`);
  return {
    deepPath,
    bytes: {
      first: checks[0]!.apiBytes,
      deep: checks[1]!.apiBytes,
      ceilingFirst: checks[0]!.ceilingBytes,
    },
    apiEtag,
    baselineEtag,
    lines,
    warnings,
    record: {
      pages: checks,
      deep: { ...deep, pageStartsAtNextRow: deepIsRight },
      etag: {
        api: apiEtag,
        baseline: baselineEtag,
        api304: api304.status,
        baseline304: baseline304.status,
      },
      sql: sqlCheck,
    },
  };
}
