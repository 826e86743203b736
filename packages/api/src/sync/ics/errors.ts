/**
 * The whole document is unusable (not iCalendar, truncated, unparseable, or
 * over its parse budget). Sync rule 1: the caller must change nothing.
 */
export class IcsDocumentError extends Error {
  override name = 'IcsDocumentError';
}

/**
 * One VEVENT cannot be imported. Thrown inside the per-event code and caught by
 * the parser, which records it as a rejection and carries on (sync rule 6).
 */
export class IcsItemError extends Error {
  override name = 'IcsItemError';
}
