import type { Event, EventCreateInput } from '@oneteamgov/schema';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { prepareEventRow } from '../events/event-row.js';
import { getEventOrThrow } from '../events/get-event.js';
import { insertEvent } from '../events/persist-events.js';
import { fieldsFromInput } from './event-fields.js';
import { liveChapter } from './writable.js';

/** A new event pushed by an organiser; this instance is its origin. */
export async function createPushedEvent(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: EventCreateInput },
): Promise<Event> {
  return withTransaction(ctx, async (w) => {
    const chapter = await liveChapter(w.db, chapterId);
    const { externalId, ...event } = input;
    const row = prepareEventRow(
      {
        ...fieldsFromInput(event),
        id: newId('evt'),
        chapterId,
        sourceKind: 'push',
        originInstance: w.origin,
        externalId: externalId ?? null,
      },
      chapter,
    );
    // The only conflict possible is (chapter, externalId): ids are random.
    if (!(await insertEvent(w, row))) {
      throw new DomainError(
        'conflict',
        `An event with externalId "${externalId}" already exists in this chapter (perhaps deleted); PUT /v1/chapters/${chapterId}/events/external/${externalId} replaces or restores it`,
      );
    }
    await recordAudit(w, {
      action: 'event.create',
      targetType: 'event',
      targetId: row.id!,
      chapterId,
    });
    return getEventOrThrow(w, row.id!);
  });
}
