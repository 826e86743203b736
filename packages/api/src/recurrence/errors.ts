/**
 * Machine-readable reasons, so API handlers can map a rejected series to a
 * precise 400 response without parsing English messages.
 */
export type RecurrenceErrorReason =
  | 'invalid-rrule'
  | 'unsupported-rrule'
  | 'rrule-matches-nothing'
  | 'invalid-time-zone'
  | 'invalid-start'
  | 'invalid-exdate'
  | 'invalid-rdate'
  | 'invalid-duration'
  | 'invalid-window'
  | 'invalid-max-occurrences'
  | 'invalid-series-id'
  | 'invalid-recurrence-id'
  | 'expansion-limit';

/** Thrown for any series the module refuses to expand; never for an empty result. */
export class RecurrenceError extends Error {
  readonly reason: RecurrenceErrorReason;

  constructor(reason: RecurrenceErrorReason, message: string) {
    super(message);
    this.name = 'RecurrenceError';
    this.reason = reason;
  }
}
