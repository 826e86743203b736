import { Change } from '@oneteamgov/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { membershipAggregates } from '../../db/schema/index.js';
import { encodeCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';
import { createMember } from '../members/write-members.js';
import { listChanges } from './list-changes.js';

describe.each(testDatabases())('membership in the change feed on $name', (backend) => {
  let database: Database;
  let ctx: ServiceCtx;

  beforeAll(async () => {
    database = await backend.open();
    ctx = testCtx(database.db);
  });
  afterAll(() => database?.close());

  const walk = async (cursor?: string) => {
    const seen: Change[] = [];
    let next = cursor;
    let resume = cursor;
    do {
      const page = await listChanges(ctx, { limit: 1, cursor: next, lagMs: 0 });
      seen.push(...page.data);
      next = page.nextCursor ?? undefined;
      resume = page.resumeCursor;
    } while (next);
    return { seen, resume };
  };

  it('carries each chapter’s aggregates after the chapter, and again only when they change', async () => {
    const chapter = await createChapter(database.db);
    const add = (name: string, email: string) =>
      createMember(ctx, { chapterId: chapter.id, input: { name, email } });
    await add('Private Person', 'private@example.org');
    await add('Second Person', 'second@example.org');
    // Changed at the same instant as its chapter, the aggregate still comes after it.
    await database.db
      .update(membershipAggregates)
      .set({ updatedAt: sql`(select updated_at from chapters where id = ${chapter.id})` })
      .where(eq(membershipAggregates.chapterId, chapter.id));
    const { seen, resume } = await walk();
    const kinds = seen.map((c) => `${c.kind}:${c.id}`);
    expect(kinds.indexOf(`chapter:${chapter.id}`)).toBeLessThan(
      kinds.indexOf(`membership:${chapter.id}`),
    );
    const membership = seen.find((c) => c.kind === 'membership');
    expect(membership).toMatchObject({
      state: 'updated',
      origin: TEST_ORIGIN,
      data: { chapterId: chapter.id, publicProfiles: [] },
    });
    for (const change of seen) expect(Change.safeParse(change).success).toBe(true);
    expect(membership?.data).toMatchObject({ memberCount: 2 });
    expect(JSON.stringify(seen)).not.toMatch(/@example\.org|Private Person|Second Person/);

    expect((await walk(resume)).seen).toEqual([]);
    await add('Third', 'third@example.org');
    const later = await walk(resume);
    expect(later.seen.map((c) => `${c.kind}:${c.id}`)).toEqual([`membership:${chapter.id}`]);
    expect(later.seen[0]?.data).toMatchObject({ memberCount: 3 });
  });

  it('accepts cursors at a membership position and refuses unknown kinds', async () => {
    const at = '2020-01-01T00:00:00.000000Z';
    await expect(
      listChanges(ctx, { limit: 5, cursor: encodeCursor('changes', [at, '2', 'x']), lagMs: 0 }),
    ).resolves.toBeDefined();
    await expect(
      listChanges(ctx, { limit: 5, cursor: encodeCursor('changes', [at, '3', 'x']), lagMs: 0 }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('refuses a peer’s profile that carries more than its public fields', () => {
    const change = {
      kind: 'membership',
      id: 'wales',
      state: 'updated',
      modified: '2026-01-01T00:00:00Z',
      origin: 'https://node.example',
      data: {
        chapterId: 'wales',
        memberCount: 1,
        organiserCount: 0,
        organisations: 0,
        growthByMonth: [],
        publicProfiles: [
          { id: 'mem_1', name: 'A', role: 'member', organisation: null, email: 'a@b.org' },
        ],
      },
    };
    expect(Change.safeParse(change).success).toBe(false);
    change.data.publicProfiles = [
      { id: 'mem_1', name: 'A', role: 'member', organisation: null },
    ] as never;
    expect(Change.safeParse(change).success).toBe(true);
  });
});
