import type { Db } from '../db/client.js';

/** Who is writing: an API key, a sync run, the command line, or the hub itself (housekeeping). */
export interface Actor {
  type: 'key' | 'sync' | 'cli' | 'system';
  id: string;
}

/**
 * What every service gets, whatever called it (an API request, a sync run, the
 * CLI, a timer): the database (or the transaction it runs in), who acts, the
 * request it serves, the clock and this instance's origin. No HTTP types cross this line.
 */
export interface ServiceCtx {
  db: Db;
  now: () => Date;
  actor: Actor;
  requestId: string | null;
  /** Public base URL of this instance: the origin of records created here. */
  origin: string;
  /** What the caller sent, if anything; only its keyed hash reaches the audit log. */
  input?: Uint8Array | string | null;
}

/** A service context inside its write transaction: the only way to audit and emit. */
export interface WriteCtx extends ServiceCtx {
  readonly inTransaction: true;
  /** The database outside the transaction: for what is remembered per database, not per write. */
  readonly outside: Db;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'hub' };

/** A context for work the hub does on its own behalf (start-up, timers). */
export function systemCtx(db: Db, origin: string, now: () => Date = () => new Date()): ServiceCtx {
  return { db, now, actor: SYSTEM_ACTOR, requestId: null, origin };
}

function isWriteCtx(ctx: ServiceCtx): ctx is WriteCtx {
  return (ctx as Partial<WriteCtx>).inTransaction === true;
}

/**
 * The one way to write. The change, its audit entry and its outbox rows
 * (domain events, webhook deliveries) commit together or not at all. Called
 * inside another write it joins that transaction instead of nesting.
 */
export async function withTransaction<T>(
  ctx: ServiceCtx,
  work: (w: WriteCtx) => Promise<T>,
): Promise<T> {
  if (isWriteCtx(ctx)) return work(ctx);
  return ctx.db.transaction((tx) => work({ ...ctx, db: tx, inTransaction: true, outside: ctx.db }));
}
