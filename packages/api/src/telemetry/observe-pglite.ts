import type { PGlite, Transaction } from '@electric-sql/pglite';
import { countPool } from './pool-use.js';
import { queryTracer, type TracedWork } from './query-tracer.js';

/**
 * The embedded database has one connection: PGlite runs one statement or
 * transaction at a time and queues the rest. Counting what is issued and not
 * yet settled gives its use (one) and its queue (the rest). When tracing is on,
 * statements and transactions get spans, as on PostgreSQL. Returns a function
 * that stops counting (call it when the database is closed).
 */
export function observePglite(client: PGlite): () => void {
  const { counter, forget } = countPool(1);
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);

  client.query = (async (text: string, ...rest: unknown[]) => {
    counter.active += 1;
    const span = queryTracer()?.statement(text);
    try {
      const result = await (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest);
      span?.end();
      return result;
    } catch (error) {
      span?.end(error);
      throw error;
    } finally {
      counter.active -= 1;
    }
  }) as PGlite['query'];

  client.transaction = (async (fn: (tx: Transaction) => Promise<unknown>) => {
    counter.active += 1;
    const span = queryTracer()?.transaction();
    try {
      const result = await transaction((tx) => {
        if (span) traceStatements(tx, span);
        return span ? span.run(() => fn(tx)) : fn(tx);
      });
      span?.end();
      return result;
    } catch (error) {
      span?.end(error);
      throw error;
    } finally {
      counter.active -= 1;
    }
  }) as PGlite['transaction'];

  return forget;
}

function traceStatements(tx: Transaction, parent: TracedWork): void {
  const tracer = queryTracer();
  if (!tracer) return;
  const query = tx.query;
  tx.query = (async (text: string, ...rest: unknown[]) => {
    const span = parent.run(() => tracer.statement(text));
    try {
      const result = await (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest);
      span?.end();
      return result;
    } catch (error) {
      span?.end(error);
      throw error;
    }
  }) as Transaction['query'];
}
