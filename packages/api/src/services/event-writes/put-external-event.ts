import type { Event, EventInput } from '@oneteamgov/schema';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { ServiceCtx } from '../context.js';
import { prepareEventRow } from '../events/event-row.js';
import { getEventOrThrow } from '../events/get-event.js';
import { upsertEventRows } from '../events/upsert-event-rows.js';
import { fieldsFromInput, identityOf } from './event-fields.js';
import { assertNotSynced, liveChapter } from './writable.js';

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
export async function putExternalEvent({
  ctx,
  chapterId,
  externalId,
  input,
  origin,
}: {
  ctx: ServiceCtx;
  chapterId: string;
  externalId: string;
  input: EventInput;
  origin: string;
}): Promise<{ event: Event; created: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const chapter = await liveChapter(tx, chapterId);
    const fields = fieldsFromInput(input);
    const txCtx = { ...ctx, db: tx };
    let existing = await lockByExternalId(tx, chapterId, externalId);
    if (!existing) {
      const row = prepareEventRow(
        {
          ...fields,
          id: newId('evt'),
          chapterId,
          sourceKind: 'push',
          originInstance: origin,
          externalId,
        },
        chapter,
      );
      const inserted = await tx
        .insert(events)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: events.id });
      if (inserted.length > 0) {
        return { event: await getEventOrThrow({ ctx: txCtx, eventId: row.id }), created: true };
      }
      // A concurrent PUT of the same external id got there first: replace what it made.
      existing = await lockByExternalId(tx, chapterId, externalId);
      if (!existing) throw new Error(`external id ${externalId} neither inserted nor found`);
    }
    assertNotSynced(existing.sourceKind, 'event');
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
    await upsertEventRows(tx, [row]);
    return {
      event: await getEventOrThrow({ ctx: txCtx, eventId: existing.id }),
      created,
    };
  });
}
