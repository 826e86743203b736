import { type AnyColumn, getTableColumns, is, SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows-of.js';
import { type EventRow, events, type NewEventRow } from '../../db/schema/index.js';
import type { WriteCtx } from '../context.js';
import { outboxWrite } from '../outbox/emit.js';
import { MATERIAL_FIELDS } from './event-row.js';
import type { EventRecord } from './to-event.js';

/**
 * The events upsert as one set-based statement: every row of a batch travels
 * as a single JSON parameter, is unpacked by jsonb_to_recordset and written
 * with INSERT … SELECT … ON CONFLICT … WHERE content_hash IS DISTINCT FROM ….
 *
 * Why not drizzle's `.insert().values(rows)`: it builds one bound parameter per
 * column per row (35 × 500 for a sync batch), and building that query cost
 * more CPU than PostgreSQL spent running it (profiled: about a quarter of a
 * 5,000-event sync's main-thread time). This statement is built once per
 * process; only the JSON text changes.
 */

export type Before = Pick<EventRow, 'id' | 'status' | 'startsAt' | 'deletedAt'>;

/** A written row as the driver returns it: its public columns, the series rule, its state before. */
type Written = Record<string, unknown> & {
  id: string;
  /** The row's state before this statement; null when it did not exist. */
  beforeStatus: EventRow['status'] | null;
  beforeStartsAt: Date | string | null;
  beforeDeletedAt: Date | string | null;
};

/** Columns written from a row: all but generated ones (the search vector). */
const WRITTEN = Object.entries(getTableColumns(events)).filter(
  ([, column]) => !(column as AnyColumn).generated,
) as [keyof NewEventRow & string, AnyColumn][];

/** Columns read back for the outbox: what list queries select (see select-events.ts). */
const NOT_PUBLIC = new Set(['searchText', 'searchVector', 'contentHash', 'externalId']);
const PUBLIC = Object.entries(getTableColumns(events)).filter(([key]) => !NOT_PUBLIC.has(key)) as [
  keyof EventRecord & string,
  AnyColumn,
][];

/**
 * Columns an upsert replaces on a changed row: the material fields and what is
 * derived from them (identity, provenance and moderation stay).
 */
const REPLACED = [
  ...MATERIAL_FIELDS,
  'country',
  'lat',
  'lng',
  'contentHash',
  'searchText',
] as const satisfies readonly (keyof NewEventRow)[];

const ident = (name: string) => sql.identifier(name);
const columnName = (key: keyof NewEventRow) => getTableColumns(events)[key].name;

/**
 * A key missing from a row gets the column's default, as drizzle's DEFAULT
 * would: defaults written in SQL are applied there, plain values in JS.
 */
const sqlDefaults = WRITTEN.filter(([, c]) => is(c.default, SQL));
const jsDefaults = WRITTEN.filter(([, c]) => c.default !== undefined && !is(c.default, SQL));

export function withDefaults(row: NewEventRow): NewEventRow {
  let out: NewEventRow | undefined;
  for (const [key, column] of jsDefaults) {
    if (row[key] === undefined || row[key] === null) {
      out ??= { ...row };
      (out as Record<string, unknown>)[key] = column.default;
    }
  }
  return out ?? row;
}

let statement: ((json: string) => SQL) | undefined;
let stagedStatement: ((range: StagedRange, timestamp: string) => SQL) | undefined;

/** The parts of the upsert both inputs share: the record type, the selected values, the write. */
function upsertParts() {
  const recordType = sql.join(
    WRITTEN.map(([key, column]) => sql`${ident(key)} ${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  const selected = sql.join(
    WRITTEN.map(([key, column]) =>
      sqlDefaults.some(([k]) => k === key)
        ? sql`coalesce(r.${ident(key)}, ${column.default as SQL})`
        : sql`r.${ident(key)}`,
    ),
    sql`, `,
  );
  const targets = sql.join(
    WRITTEN.map(([, column]) => ident(column.name)),
    sql`, `,
  );
  const replaced = sql.join(
    [
      ...REPLACED.map((key) => sql`${ident(columnName(key))} = excluded.${ident(columnName(key))}`),
      sql`sequence = events.sequence + 1`,
      sql`updated_at = now()`,
      sql`deleted_at = null`,
    ],
    sql`, `,
  );
  const write = sql`insert into events (${targets})
      select * from input
      on conflict (id) do update set ${replaced}
      where events.content_hash is distinct from excluded.content_hash
         or events.deleted_at is not null`;
  return { recordType, selected, write };
}

function upsertStatement(): (json: string) => SQL {
  if (statement) return statement;
  const { recordType, selected, write } = upsertParts();
  // Each written row comes back as list queries read it, so its outbox message needs no second read.
  const returning = sql.join(
    PUBLIC.map(([key, column]) => sql`events.${ident(column.name)} as ${ident(key)}`),
    sql`, `,
  );
  statement = (json: string) => sql`
    with input as (
      select ${selected} from jsonb_to_recordset(${json}::jsonb) as r(${recordType})
    ), before as (
      select e.id, e.status, e.starts_at, e.deleted_at
      from events e where e.id in (select input.${ident('id')} from input)
    ), written as (
      ${write}
      returning ${returning}
    )
    select written.*, series.rrule as "seriesRrule", before.status as "beforeStatus",
      before.starts_at as "beforeStartsAt", before.deleted_at as "beforeDeletedAt"
    from written
    left join before on before.id = written.id
    left join event_series series on series.id = written."seriesId"`;
  return statement;
}

/**
 * Inserts or replaces `rows` (reviving tombstones); a row whose content hash
 * is unchanged is left alone. Returns each row written, as list queries read
 * it, with its state before (`before` reads the statement's snapshot, so it is
 * the state before the write; absent for a new row).
 */
export async function upsertRows(
  w: WriteCtx,
  rows: NewEventRow[],
): Promise<{ record: EventRecord; before: Before | undefined }[]> {
  const result = await w.db.execute<Written>(
    upsertStatement()(JSON.stringify(rows.map(withDefaults))),
  );
  const written = rowsOf<Written>(result);
  return written.map((row) => ({
    record: recordOf(row),
    before:
      row.beforeStatus === null
        ? undefined
        : {
            id: row.id,
            status: row.beforeStatus,
            startsAt: new Date(row.beforeStartsAt as string | Date),
            deletedAt:
              row.beforeDeletedAt === null ? null : new Date(row.beforeDeletedAt as string | Date),
          },
  }));
}

/** Driver values to what drizzle's select would give (Dates, parsed JSON and arrays). */
function recordOf(row: Written): EventRecord {
  const record: Record<string, unknown> = { seriesRrule: row.seriesRrule ?? null };
  for (const [key, column] of PUBLIC) {
    const value = row[key];
    record[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return record as EventRecord;
}

/** A range of a sync run's staged rows (sync_staging), by arrival order: [fromOrd, toOrd). */
export interface StagedRange {
  runId: string;
  sourceId: string;
  fromOrd: number;
  toOrd: number;
}

/** An instant as JavaScript's toISOString writes it (milliseconds, Z). */
const iso = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function stagedUpsertStatement(): (range: StagedRange, timestamp: string) => SQL {
  if (stagedStatement) return stagedStatement;
  const { recordType, selected, write } = upsertParts();
  /*
   * The staged event is the row shown over the column defaults (toEvent, in
   * the parse worker) without what only the database knows once written,
   * which is set here: sequence and timestamps, and the columns an update
   * keeps (chapter, provenance). stage-ics-items.ts leaves these keys out.
   */
  const event = sql`s.event || jsonb_build_object(
      'chapterId', written.chapter_id,
      'sequence', written.sequence,
      'createdAt', ${iso(sql`written.created_at`)},
      'updatedAt', ${iso(sql`written.updated_at`)},
      'provenance', jsonb_build_object(
        'sourceKind', written.source_kind,
        'sourceId', written.source_id,
        'upstreamUid', written.upstream_uid,
        'originInstance', written.origin_instance,
        'lastSeenAt', ${iso(sql`written.last_seen_at`)}))`;
  stagedStatement = (range: StagedRange, timestamp: string) => sql`
    with input as (
      select ${selected}
      from sync_staging s cross join lateral jsonb_to_record(s.row) as r(${recordType})
      where s.run_id = ${range.runId} and s.ord >= ${range.fromOrd} and s.ord < ${range.toOrd}
        and s.row is not null
        -- Events taken over by the hub are no longer this source's to write.
        and not exists (
          select 1 from events x where x.id = s.id and x.detached_from = ${range.sourceId})
    ), before as (
      select e.id, e.status, e.starts_at, e.deleted_at
      from events e where e.id in (select input.${ident('id')} from input)
    ), written as (
      ${write}
      returning events.id, events.chapter_id, events.hidden_at, events.status, events.starts_at,
        events.sequence, events.created_at, events.updated_at, events.source_kind,
        events.source_id, events.upstream_uid, events.origin_instance, events.last_seen_at
    ), ${outboxWrite(
      // A hidden event already left every output (its subscribers got event.deleted): say nothing.
      sql`select
          case
            when before.id is null or before.deleted_at is not null then 'event.created'
            when written.status = 'cancelled' and before.status <> 'cancelled' then 'event.cancelled'
            when written.starts_at <> before.starts_at then 'event.rescheduled'
            else 'event.updated'
          end as type,
          written.chapter_id, ${event} as data
        from written
        join sync_staging s on s.run_id = ${range.runId} and s.id = written.id
        left join before on before.id = written.id
        where written.hidden_at is null
        order by s.ord`,
      timestamp,
    )}
    select (select count(*) from written)::int as written, (select count(*) from notified)::int as notified`;
  return stagedStatement;
}

/**
 * upsertRows for a range of a sync run's staged rows, announced by the same
 * statement: the rows and their outbox messages never pass through
 * JavaScript. Returns how many rows were written.
 */
export async function upsertStaged(w: WriteCtx, range: StagedRange): Promise<number> {
  const result = await w.db.execute<{ written: number }>(
    stagedUpsertStatement()(range, w.now().toISOString()),
  );
  return rowsOf<{ written: number }>(result)[0]?.written ?? 0;
}
