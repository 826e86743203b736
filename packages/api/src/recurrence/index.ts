export { RecurrenceError, type RecurrenceErrorReason } from './errors.js';
export {
  DEFAULT_MAX_OCCURRENCES,
  expandSeries,
  MAX_SCANNED_OCCURRENCES,
  type Occurrence,
  occurrenceId,
  type SeriesRule,
} from './expand-series.js';
export { type LocalDateTime, parseLocalDateTime, toRecurrenceId } from './local-time.js';
export { expandRecurrenceSet, type RecurrenceSet, type Start } from './recurrence-set.js';
