import { DomainError } from '../errors.js';

/** The one 404 for a chapter: also the answer to a key that holds no scope on it. */
export const chapterNotFound = (chapterId: string) =>
  new DomainError('not_found', `No chapter with id "${chapterId}"`);
