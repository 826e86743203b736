import { type Occurrence, RecurrenceError, type SeriesRule, toRecurrenceId } from './index.js';

/** Shared by the expandSeries tests: hand-worked instants and the rule of One Team Gov North. */
export const HOUR_MS = 3_600_000;
export const YEAR_2026 = {
  from: new Date('2026-01-01T00:00:00Z'),
  to: new Date('2027-01-01T00:00:00Z'),
};

/** The instant of a wall-clock time at a known UTC offset, worked out by hand. */
export function at(local: string, offsetHours: number): string {
  return new Date(Date.parse(`${local}:00Z`) - offsetHours * HOUR_MS).toISOString();
}

/** "2026-03-29T10:00" at +1 -> "2026-03-29T10:00:00+01:00" */
export function rfc3339(local: string, offsetHours: number): string {
  const sign = offsetHours < 0 ? '-' : '+';
  const abs = Math.abs(offsetHours);
  return `${local}:00${sign}${String(Math.trunc(abs)).padStart(2, '0')}:${String((abs % 1) * 60).padStart(2, '0')}`;
}

export function byRecurrenceId(occurrences: Occurrence[], local: string): Occurrence {
  const id = toRecurrenceId(local);
  const found = occurrences.find((o) => o.recurrenceId === id);
  if (!found) throw new Error(`no occurrence ${id} in ${occurrences.map((o) => o.recurrenceId)}`);
  return found;
}

export function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof RecurrenceError) return error.reason;
    throw error;
  }
  return undefined;
}

export const north: SeriesRule = {
  rrule: 'FREQ=MONTHLY;BYDAY=3TU',
  startLocal: '2026-01-20T18:00',
  timeZone: 'Europe/London',
  durationMinutes: 120,
};
