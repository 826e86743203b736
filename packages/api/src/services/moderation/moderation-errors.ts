import { DomainError } from '../errors.js';

/** One answer for "no such item" and "not yours", so ids cannot be probed. */
export const itemNotFound = (itemId: string) =>
  new DomainError('not_found', `No moderation item with id "${itemId}"`);

export const eventNotFound = (eventId: string) =>
  new DomainError('not_found', `No event with id "${eventId}"`);

/** Decides whether the caller may moderate a chapter's events (its key's grants). */
export type CanModerate = (chapterId: string) => boolean;
