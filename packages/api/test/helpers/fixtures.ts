import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { chapters, type NewChapterRow, type NewEventRow } from '../../src/db/schema/index.js';
import { searchTextOf } from '../../src/lib/fold-text.js';
import { withTransaction } from '../../src/services/context.js';
import { prepareEventRow } from '../../src/services/events/event-row.js';
import { saveEvents } from '../../src/services/events/persist-events.js';
import { testCtx } from './service-ctx.js';
import { TEST_ORIGIN } from './test-app.js';

/** A unique slug per call, so suites never collide even on a shared server. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function createChapter(db: Db, overrides: Partial<NewChapterRow> = {}) {
  const row: NewChapterRow = {
    id: uniqueId('chapter'),
    name: { en: 'Test chapter' },
    kind: 'local',
    country: 'GB',
    timeZone: 'Europe/London',
    languages: ['en'],
    origin: TEST_ORIGIN,
    ...overrides,
  };
  row.searchText = searchTextOf(row.name, row.description ?? null, row.locality ?? undefined);
  await db.insert(chapters).values(row);
  return row;
}

let counter = 0;

export async function createEvent(
  db: Db,
  chapter: { id: string; country?: string | null },
  overrides: Partial<NewEventRow> = {},
) {
  counter += 1;
  const startsAt = overrides.startsAt ?? new Date(Date.now() + counter * 3_600_000);
  const row = prepareEventRow(
    {
      id: uniqueId('event'),
      chapterId: chapter.id,
      title: { en: `Test event ${counter}` },
      startsAt,
      endsAt: overrides.endsAt ?? new Date(startsAt.getTime() + 3_600_000),
      timeZone: 'Europe/London',
      originInstance: TEST_ORIGIN,
      ...overrides,
    },
    chapter,
  );
  await withTransaction(testCtx(db), (w) => saveEvents(w, [row]));
  return row;
}
