import { ApiError } from '../../lib/problem.js';
import {
  expandSeries,
  type Occurrence,
  RecurrenceError,
  type RecurrenceErrorReason,
} from '../../recurrence/index.js';
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

const POINTERS: Partial<Record<RecurrenceErrorReason, string>> = {
  'invalid-time-zone': '/body/timeZone',
  'invalid-start': '/body/startLocal',
  'invalid-exdate': '/body/exdates',
  'invalid-rdate': '/body/rdates',
  'invalid-duration': '/body/durationMinutes',
};

function invalidRule(pointer: string, detail: string): ApiError {
  return new ApiError('invalid_request', 'The recurrence rule cannot be used', {
    errors: [{ pointer, detail }],
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
    throw invalidRule('/body/rrule', 'a series repeats at most daily (FREQ=DAILY or less often)');
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
    throw invalidRule(POINTERS[error.reason] ?? '/body/rrule', error.message);
  }
  if (occurrences.length > SERIES_WINDOW.maxOccurrences) {
    throw invalidRule(
      '/body/rrule',
      `too frequent: more than ${SERIES_WINDOW.maxOccurrences} occurrences between ${SERIES_WINDOW.pastDays} days ago and ${SERIES_WINDOW.futureDays} days ahead`,
    );
  }
  return occurrences;
}
