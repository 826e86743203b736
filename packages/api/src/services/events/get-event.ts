import type { Event } from '@oneteamgov/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { events } from '../../db/schema/index.js';
import { ApiError } from '../../lib/problem.js';
import type { ServiceCtx } from '../context.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

export async function getEventOrThrow({
  ctx,
  eventId,
}: {
  ctx: ServiceCtx;
  eventId: string;
}): Promise<Event> {
  const [row] = await selectEvents(ctx.db)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .limit(1);
  if (!row) throw new ApiError('not_found', `No event with id "${eventId}"`);
  return toEvent(row);
}
