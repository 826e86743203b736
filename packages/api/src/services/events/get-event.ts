import type { Event } from '@oneteamgov/schema';
import { and, eq } from 'drizzle-orm';
import { events } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { DomainError } from '../errors.js';
import { publiclyVisible } from './publicly-visible.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

export async function getEventOrThrow(ctx: ServiceCtx, eventId: string): Promise<Event> {
  const [row] = await selectEvents(ctx.db)
    .where(and(eq(events.id, eventId), publiclyVisible()))
    .limit(1);
  if (!row) throw new DomainError('not_found', `No event with id "${eventId}"`);
  return toEvent(row);
}
