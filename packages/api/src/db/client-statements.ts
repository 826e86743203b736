import type { PGlite } from '@electric-sql/pglite';

/**
 * What the embedded database has been asked to do. PGlite has one connection
 * and its data directory belongs to one process (see lockDataDir), so every
 * change to its data, whoever makes it (a request, a feed sync, a moderator,
 * the series roll-forward, a migration), is a statement issued through this
 * client object, and PGlite runs them one at a time in the order issued.
 * So if a read ran while no other statement was pending, and none was issued
 * since, nothing can have changed since that read: a value read then still holds.
 */
export interface StatementLog {
  /** Statements and transactions issued so far (reads through `quietQuery` excluded). */
  issued(): number;
  /** Of those, the ones not settled yet. */
  pending(): number;
  /** Runs a read-only query without counting it. */
  quietQuery<Row>(text: string): Promise<Row[]>;
  /** Counts `work`, which issues one statement below the client's public methods (see pglite-named-statements.ts). */
  counted<T>(work: () => Promise<T>): Promise<T>;
}

const logs = new WeakMap<object, StatementLog>();

/** Counts every statement issued through `client`'s public methods; `db` is the handle callers hold. */
export function logStatements(client: PGlite, db: object): void {
  let issued = 0;
  let pending = 0;
  const quiet = client.query.bind(client);
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    issued += 1;
    pending += 1;
    try {
      return await work();
    } finally {
      pending -= 1;
    }
  };
  // The entry points drizzle and the hub use; the protocol-level methods below
  // them are PGlite's own steps of these (a query makes a dozen such calls).
  for (const name of ['query', 'exec', 'transaction'] as const) {
    const original = (client[name] as unknown as (...args: unknown[]) => unknown).bind(client);
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      issued += 1;
      pending += 1;
      try {
        const result = original(...args);
        if (result instanceof Promise) {
          return result.finally(() => {
            pending -= 1;
          });
        }
        pending -= 1;
        return result;
      } catch (error) {
        pending -= 1;
        throw error;
      }
    };
  }
  logs.set(db, {
    issued: () => issued,
    pending: () => pending,
    quietQuery: async <Row>(text: string) => (await quiet<Row>(text)).rows,
    counted,
  });
}

/** The statement log of an embedded database's handle; undefined on PostgreSQL (other processes write too). */
export function statementLog(db: object): StatementLog | undefined {
  return logs.get(db);
}
