import { DomainError } from '../errors.js';

/**
 * One answer for "no such member" and "not a member of your chapters", so a key
 * cannot learn that an id exists elsewhere.
 */
export function memberNotFound(memberId: string): DomainError {
  return new DomainError('not_found', `No member with id "${memberId}"`);
}
