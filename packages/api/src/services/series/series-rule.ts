import {
  expandSeries,
  type Occurrence,
  RecurrenceError,
  type RecurrenceErrorReason,
} from '../../recurrence/index.js';
import { DomainError } from '../errors.js';
import { SERIES_WINDOW } from './materialize-series.js';

const DAY_MS = 86_400_000;

export interface RuleFields {
  rrule: string;
  startLocal: string;
  timeZone: string;
  durationMinutes: number;
  exdates: string[];
  rdates: string[];
  allDay: boolean;
}

const FIELDS: Partial<Record<RecurrenceErrorReason, string>> = {
  'invalid-time-zone': 'timeZone',
  'invalid-start': 'startLocal',
  'invalid-exdate': 'exdates',
  'invalid-rdate': 'rdates',
  'invalid-duration': 'durationMinutes',
};

function invalidRule(field: string, detail: string): DomainError {
  return new DomainError('invalid_request', 'The recurrence rule cannot be used', {
    fields: [{ field, detail }],
  });
}

/**
 * Checks a series' rule before anything is stored and returns the occurrences
 * it has in the materialised window. Community events repeat daily at most; a
 * rule with more occurrences than the window holds is refused rather than
 * silently cut short.
 */
export function checkSeriesRule(rule: RuleFields, now: Date): Occurrence[] {
  if (/(?:^|;)FREQ=(?:HOURLY|MINUTELY|SECONDLY)(?:;|$)/i.test(rule.rrule)) {
    throw invalidRule('rrule', 'a series repeats at most daily (FREQ=DAILY or less often)');
  }
  const window = {
    from: new Date(now.getTime() - SERIES_WINDOW.pastDays * DAY_MS),
    to: new Date(now.getTime() + SERIES_WINDOW.futureDays * DAY_MS),
  };
  let occurrences: Occurrence[];
  try {
    occurrences = expandSeries(rule, window, SERIES_WINDOW.maxOccurrences + 1);
  } catch (error) {
    if (!(error instanceof RecurrenceError)) throw error;
    throw invalidRule(FIELDS[error.reason] ?? 'rrule', error.message);
  }
  if (occurrences.length > SERIES_WINDOW.maxOccurrences) {
    throw invalidRule(
      'rrule',
      `too frequent: more than ${SERIES_WINDOW.maxOccurrences} occurrences between ${SERIES_WINDOW.pastDays} days ago and ${SERIES_WINDOW.futureDays} days ahead`,
    );
  }
  return occurrences;
}
