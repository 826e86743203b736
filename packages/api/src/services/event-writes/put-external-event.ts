import type { Event, EventInput } from '@oneteamgov/schema';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { prepareEventRow } from '../events/event-row.js';
import { getEventOrThrow } from '../events/get-event.js';
import { insertEvent, saveEvents } from '../events/persist-events.js';
import { fieldsFromInput, identityOf } from './event-fields.js';
import { assertNotHidden, assertNotSynced, liveChapter } from './writable.js';

async function lockByExternalId(tx: Db, chapterId: string, externalId: string) {
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.chapterId, chapterId), eq(events.externalId, externalId)))
    .for('update');
  return row;
}

/**
 * Creates or fully replaces the chapter's event with this external id. A
 * deleted one is restored (and reported as created). Replacing with identical content writes nothing
 * (sequence and updatedAt stay); a new start keeps the old one as previousStartsAt.
 */
export async function putExternalEvent(
  ctx: ServiceCtx,
  { chapterId, externalId, input }: { chapterId: string; externalId: string; input: EventInput },
): Promise<{ event: Event; created: boolean }> {
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const chapter = await liveChapter(tx, chapterId);
    const fields = fieldsFromInput(input);
    const done = async (eventId: string, created: boolean) => {
      await recordAudit(w, {
        action: created ? 'event.create' : 'event.replace',
        targetType: 'event',
        targetId: eventId,
        chapterId,
      });
      return { event: await getEventOrThrow(w, eventId), created };
    };
    let existing = await lockByExternalId(tx, chapterId, externalId);
    if (!existing) {
      const row = prepareEventRow(
        {
          ...fields,
          id: newId('evt'),
          chapterId,
          sourceKind: 'push',
          originInstance: w.origin,
          externalId,
        },
        chapter,
      );
      if (await insertEvent(w, row)) return done(row.id!, true);
      // A concurrent PUT of the same external id got there first: replace what it made.
      existing = await lockByExternalId(tx, chapterId, externalId);
      if (!existing) throw new Error(`external id ${externalId} neither inserted nor found`);
    }
    assertNotSynced(existing.sourceKind, 'event');
    assertNotHidden(existing);
    // Restoring a deleted event creates it again as far as anyone reading can tell.
    const created = existing.deletedAt !== null;
    const moved = !existing.deletedAt && existing.startsAt.getTime() !== fields.startsAt.getTime();
    const row = prepareEventRow(
      {
        ...identityOf(existing),
        ...fields,
        previousStartsAt: moved ? existing.startsAt : existing.previousStartsAt,
      },
      chapter,
    );
    await saveEvents(w, [row]);
    return done(existing.id, created);
  });
}
