import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryNamed } from './pglite-named-statements.js';

describe('named statements on the embedded database', () => {
  let client: PGlite;

  beforeAll(async () => {
    client = new PGlite();
    await client.waitReady;
    await client.exec(`create table notes (id int primary key, body text, at timestamptz);
      insert into notes values (1, 'one', '2026-01-01T00:00:00Z'), (2, 'two', null)`);
  });
  afterAll(() => client?.close());

  it('answers as query does, with parameters typed by PostgreSQL', async () => {
    const text = 'select id, body, at from notes where id >= $1 and body <> $2 order by id';
    const expected = (await client.query(text, [1, 'none'])).rows;
    expect(await queryNamed(client, text, [1, 'none'])).toEqual(expected);
    expect(await queryNamed(client, text, [2, 'none'])).toEqual(expected.slice(1));
  });

  it('runs a statement with a generic plan when asked, leaving the setting as it was', async () => {
    const text = `select id, current_setting('plan_cache_mode') as mode from notes where id = $1`;
    expect(await queryNamed(client, text, [1], true)).toEqual([
      { id: 1, mode: 'force_generic_plan' },
    ]);
    expect(await queryNamed(client, text, [2])).toEqual([{ id: 2, mode: 'auto' }]);
    await expect(queryNamed(client, text, ['x'], true)).rejects.toThrow(/integer/);
    expect((await client.query(`select current_setting('plan_cache_mode') as m`)).rows).toEqual([
      { m: 'auto' },
    ]);
  });

  it('keeps working after a statement fails, and reports the failure', async () => {
    const text = 'select id from notes where id = $1';
    await expect(queryNamed(client, text, ['not a number'])).rejects.toThrow(/integer/);
    await expect(queryNamed(client, 'select nonsense from notes', [])).rejects.toThrow(/nonsense/);
    expect(await queryNamed(client, text, [2])).toEqual([{ id: 2 }]);
    expect((await client.query('select count(*)::int as n from notes')).rows).toEqual([{ n: 2 }]);
  });

  it('gives right answers for more texts than it keeps parsed', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        const rows = await queryNamed<{ n: number }>(client, `select $1::int + ${i} as n`, [round]);
        expect(rows).toEqual([{ n: round + i }]);
      }
    }
  });

  it('waits for a transaction in progress instead of running inside it', async () => {
    let inserted = () => {};
    const didInsert = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = client.transaction(async (tx) => {
      await tx.query(`insert into notes values (3, 'three', null)`);
      inserted();
      await held;
      await tx.rollback();
    });
    await didInsert;
    const read = queryNamed<{ n: number }>(client, 'select count(*)::int as n from notes', []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await transaction;
    expect(await read).toEqual([{ n: 2 }]);
  });
});
