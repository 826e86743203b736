import type { Event, EventCreateInput } from '@oneteamgov/schema';
import { events } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { ApiError } from '../../lib/problem.js';
import type { ServiceCtx } from '../context.js';
import { prepareEventRow } from '../events/event-row.js';
import { getEventOrThrow } from '../events/get-event.js';
import { fieldsFromInput } from './event-fields.js';
import { liveChapter } from './writable.js';

/** A new event pushed by an organiser; this instance is its origin. */
export async function createPushedEvent({
  ctx,
  chapterId,
  input,
  origin,
}: {
  ctx: ServiceCtx;
  chapterId: string;
  input: EventCreateInput;
  origin: string;
}): Promise<Event> {
  return ctx.db.transaction(async (tx) => {
    const chapter = await liveChapter(tx, chapterId);
    const { externalId, ...event } = input;
    const row = prepareEventRow(
      {
        ...fieldsFromInput(event),
        id: newId('evt'),
        chapterId,
        sourceKind: 'push',
        originInstance: origin,
        externalId: externalId ?? null,
      },
      chapter,
    );
    // The only conflict possible is (chapter, externalId): ids are random.
    const inserted = await tx
      .insert(events)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: events.id });
    if (inserted.length === 0) {
      throw new ApiError(
        'conflict',
        `An event with externalId "${externalId}" already exists in this chapter (perhaps deleted); PUT /v1/chapters/${chapterId}/events/external/${externalId} replaces or restores it`,
      );
    }
    return getEventOrThrow({ ctx: { ...ctx, db: tx }, eventId: row.id });
  });
}
