import { readFileSync } from 'node:fs';
import type { IcsItem, IcsParseOptions } from '../../src/sync/ics/index.js';

/** A fixture calendar, byte for byte (BOM and CRLF included). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../src/sync/ics/fixtures/${name}`, import.meta.url), 'utf8');
}

export const YEAR_2026 = {
  from: new Date('2026-01-01T00:00:00Z'),
  to: new Date('2027-01-01T00:00:00Z'),
};

export function options(overrides: Partial<IcsParseOptions> = {}): IcsParseOptions {
  return {
    window: YEAR_2026,
    maxOccurrencesPerEvent: 500,
    maxEvents: 10_000,
    defaultTimeZone: 'Europe/London',
    defaultLanguage: 'en',
    ...overrides,
  };
}

/** The parts of an item the timing tests look at, as plain strings. */
export function timing(item: IcsItem) {
  return {
    recurrenceId: item.recurrenceId,
    startsAt: item.startsAt.toISOString(),
    endsAt: item.endsAt.toISOString(),
    status: item.status,
  };
}

/** A minimal calendar around the given VEVENT bodies (LF line endings). */
export function calendar(...events: string[]): string {
  const body = events.map((e) => `BEGIN:VEVENT\n${e.trim()}\nEND:VEVENT`).join('\n');
  return `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n${body}\nEND:VCALENDAR\n`;
}
