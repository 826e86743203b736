import type { Sql, TransactionSql } from 'postgres';
import { countPool } from './pool-use.js';
import { queryTracer, type TracedWork } from './query-tracer.js';

/** Calls `done` once `work` settles, without starting a lazy postgres.js query early. */
function whenSettled(work: PromiseLike<unknown>, done: (error?: unknown) => void): void {
  // Promise.prototype.then, not the query's own `then`, which would execute it.
  Promise.prototype.then.call(
    work,
    () => done(),
    (error: unknown) => done(error),
  );
}

/**
 * Counts the connections a postgres.js pool has in use and, when tracing is on,
 * wraps each statement and transaction in a span. postgres.js has neither pool
 * statistics nor tracing hooks, so this wraps the two entry points drizzle
 * uses: `unsafe` (every statement) and `begin` (transactions). Returns a
 * function that stops counting (call it when the pool is closed).
 */
export function observePostgres(sql: Sql, max: number): () => void {
  const { counter, forget } = countPool(max);
  const unsafe = sql.unsafe;
  const begin = sql.begin;
  // begin() issues its BEGIN through sql.unsafe; that statement is the transaction's, not another connection.
  let opening = false;

  sql.unsafe = ((text: string, ...rest: unknown[]) => {
    const query = (unsafe as (...args: unknown[]) => PromiseLike<unknown>)(text, ...rest);
    if (opening) return query;
    counter.active += 1;
    const span = queryTracer()?.statement(text);
    whenSettled(query, (error) => {
      counter.active -= 1;
      span?.end(error);
    });
    return query;
  }) as Sql['unsafe'];

  sql.begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: TransactionSql) => unknown;
    const span = queryTracer()?.transaction();
    const body = (tx: TransactionSql) => {
      if (span) traceStatements(tx, span);
      return span ? span.run(() => fn(tx)) : fn(tx);
    };
    opening = true;
    let result: Promise<unknown>;
    try {
      result = (begin as (...a: unknown[]) => Promise<unknown>)(...args, body);
    } finally {
      opening = false;
    }
    counter.active += 1;
    whenSettled(result, (error) => {
      counter.active -= 1;
      span?.end(error);
    });
    return result;
  }) as Sql['begin'];

  return forget;
}

/** Spans for the statements of a transaction (and its savepoints), children of its span. */
function traceStatements(tx: TransactionSql, parent: TracedWork): void {
  const tracer = queryTracer();
  if (!tracer) return;
  const unsafe = tx.unsafe;
  tx.unsafe = ((text: string, ...rest: unknown[]) => {
    const span = parent.run(() => tracer.statement(text));
    const query = (unsafe as (...args: unknown[]) => PromiseLike<unknown>)(text, ...rest);
    if (span) whenSettled(query, (error) => span.end(error));
    return query;
  }) as TransactionSql['unsafe'];
  const savepoint = tx.savepoint;
  tx.savepoint = ((...args: unknown[]) => {
    const fn = args.pop() as (inner: TransactionSql) => unknown;
    return (savepoint as (...a: unknown[]) => Promise<unknown>)(
      ...args,
      (inner: TransactionSql) => {
        traceStatements(inner, parent);
        return parent.run(() => fn(inner));
      },
    );
  }) as TransactionSql['savepoint'];
}
