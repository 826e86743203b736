import { type PGlite, parse, protocol } from '@electric-sql/pglite';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/** A statement parsed once on the embedded database's connection. */
interface Named {
  name: string;
  /** Parameter type oids, as PostgreSQL resolved them. */
  types: number[];
  /** Its RowDescription, given to the result parser in place of a Describe per run. */
  row: BackendMessage | undefined;
}

interface Statements {
  next: number;
  /** By SQL text, least recently used first. */
  byText: Map<string, Named>;
}

/**
 * Named statements kept per client. Each holds PostgreSQL's parse tree (about
 * half a megabyte for the event-list page), so the least recently used is
 * closed beyond this many.
 */
const MAX_NAMED = 32;

const statementsOf = new WeakMap<PGlite, Statements>();

/**
 * For a generic plan (see generic-plan-pool.ts), planned at the statement's
 * first run only. PGlite has one connection, so the setting is made for that
 * one execution and put back after it, in the same call.
 */
const GENERIC_PLANS = protocol.serialize.query('set plan_cache_mode = force_generic_plan');
const DEFAULT_PLANS = protocol.serialize.query('reset plan_cache_mode');

/**
 * Runs `text` as a named statement on PGlite, parsing it only the first time
 * this text is seen. PGlite's `query` sends an unnamed Parse on every call, so
 * PostgreSQL parses and analyses the whole text again each time: for the
 * event-list page (about 10 kB of SQL) that was more than half of a request.
 * Here a text is parsed once, then each run is Bind, Execute, Sync. It takes
 * PGlite's two locks in the order `query` takes them, so it never runs inside
 * another caller's transaction.
 */
export async function queryNamed<Row>(
  client: PGlite,
  text: string,
  params: readonly unknown[],
  genericPlan = false,
): Promise<Row[]> {
  await client._checkReady();
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      const statement = await namedStatement(client, text);
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = client.serializers[statement.types[i]!];
        return serializer ? serializer(value) : String(value);
      });
      const run = [
        protocol.serialize.bind({ statement: statement.name, values }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ];
      // One call: PGlite runs every message it is given, then throws the first error.
      const messages = await send(
        client,
        ...(genericPlan ? [GENERIC_PLANS, ...run, DEFAULT_PLANS] : run),
      );
      await client.syncToFs();
      // The statement's own answer: after the SET's ReadyForQuery, up to the Sync's.
      const start = genericPlan ? messages.findIndex((m) => m.name === 'readyForQuery') + 1 : 0;
      const end = messages.findIndex((m, i) => i >= start && m.name === 'readyForQuery');
      const own = messages.slice(start, end);
      const results = parse.parseResults(
        statement.row ? [statement.row, ...own] : own,
        client.parsers,
      );
      return (results[0]?.rows ?? []) as Row[];
    }),
  );
}

async function namedStatement(client: PGlite, text: string): Promise<Named> {
  let statements = statementsOf.get(client);
  if (!statements) {
    statements = { next: 1, byText: new Map() };
    statementsOf.set(client, statements);
  }
  const known = statements.byText.get(text);
  if (known) {
    statements.byText.delete(text);
    statements.byText.set(text, known);
    return known;
  }
  // A new name every time, so a Parse that failed half-way never collides.
  const name = `hub_${statements.next++}`;
  const described = await send(
    client,
    protocol.serialize.parse({ name, text }),
    protocol.serialize.describe({ type: 'S', name }),
    protocol.serialize.sync(),
  );
  const named: Named = {
    name,
    types: parse.parseDescribeStatementResults(described),
    row: described.find((m) => m.name === 'rowDescription'),
  };
  statements.byText.set(text, named);
  for (const [oldText, old] of statements.byText) {
    if (statements.byText.size <= MAX_NAMED) break;
    statements.byText.delete(oldText);
    await send(
      client,
      protocol.serialize.close({ type: 'S', name: old.name }),
      protocol.serialize.sync(),
    );
  }
  return named;
}

/** Sends protocol messages (ending with Sync) in one call; an ErrorResponse throws PGlite's DatabaseError. */
function send(client: PGlite, ...parts: Uint8Array[]): Promise<BackendMessage[]> {
  const message = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return client.execProtocolStream(message, { syncToFs: false });
}
