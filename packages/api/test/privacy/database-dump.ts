import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';

/** Every row of every table in `public`, as text: what an attacker with a dump would read. */
export async function dumpEveryTable(db: Db): Promise<Map<string, string[]>> {
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )) as unknown as { rows?: { table_name: string }[] } & { table_name: string }[];
  const names = (tables.rows ?? tables).map((t) => t.table_name);
  const dump = new Map<string, string[]>();
  for (const name of names) {
    const result = (await db.execute(
      sql`select t::text as row from ${sql.identifier(name)} t`,
    )) as unknown as { rows?: { row: string }[] } & { row: string }[];
    dump.set(
      name,
      (result.rows ?? result).map((r) => r.row),
    );
  }
  return dump;
}

/** Table names whose rows contain `needle`, ignoring case. */
export function tablesMentioning(dump: Map<string, string[]>, needle: string): string[] {
  const lower = needle.toLowerCase();
  return [...dump.entries()]
    .filter(([, rows]) => rows.some((row) => row.toLowerCase().includes(lower)))
    .map(([name]) => name);
}
