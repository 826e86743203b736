import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandSeries } from '../../src/recurrence/index.js';
import { parseIcs } from '../../src/sync/ics/index.js';
import { CORPUS, type RuleCase } from './rule-corpus.js';

/*
 * Differential test of the recurrence engine against python-dateutil (Debian's
 * python3-dateutil, installed by .ci/run). Every case of the corpus is expanded
 * three ways and the start instants must agree exactly:
 *   - imported: the case written as an iCalendar VEVENT and read by parseIcs;
 *   - pushed: the case as an API series, through expandSeries;
 *   - the oracle: dateutil's rrule with zoneinfo (dateutil_oracle.py).
 * Locally the test is skipped only when dateutil is missing; in CI it must run.
 */
const ORACLE = fileURLToPath(new URL('./dateutil_oracle.py', import.meta.url));
const hasDateutil = spawnSync('python3', ['-c', 'import dateutil, zoneinfo']).status === 0;
const run = hasDateutil || process.env.CI ? describe : describe.skip;

interface OracleResult {
  id: string;
  ics?: string[];
  series?: string[];
  error?: string;
}

function oracle(cases: RuleCase[]): Map<string, OracleResult> {
  const child = spawnSync('python3', [ORACLE], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`dateutil oracle failed: ${child.stderr}`);
  const results = JSON.parse(child.stdout) as OracleResult[];
  return new Map(results.map((r) => [r.id, r]));
}

const isUtc = (text: string) => text.endsWith('Z');

/** The case as one VEVENT (no DTEND: timed occurrences are instants, all-day ones last a day). */
function asCalendar(c: RuleCase): string {
  const value = c.allDay ? ';VALUE=DATE' : `;TZID=${c.tz}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//differential//EN',
    'BEGIN:VEVENT',
    `UID:${c.id}`,
    `SUMMARY:${c.id}`,
    `DTSTART${value}:${c.dtstart}`,
    ...c.rrules.map((rule) => `RRULE:${rule}`),
  ];
  if (c.rdates.length > 0) lines.push(`RDATE${value}:${c.rdates.join(',')}`);
  // Zoned and UTC EXDATEs on separate lines, each line with several values.
  const zoned = c.exdates.filter((x) => !isUtc(x));
  const utc = c.exdates.filter(isUtc);
  if (zoned.length > 0) lines.push(`EXDATE${value}:${zoned.join(',')}`);
  if (utc.length > 0) lines.push(`EXDATE:${utc.join(',')}`);
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

function imported(c: RuleCase): string[] | { rejected: string } {
  const result = parseIcs(asCalendar(c), {
    window: { from: new Date(c.from), to: new Date(c.to) },
    maxOccurrencesPerEvent: 5_000,
    maxEvents: 100_000,
    defaultTimeZone: c.tz,
    defaultLanguage: 'en',
  });
  const rejection = result.rejected[0];
  if (rejection) return { rejected: rejection.reason };
  return result.items.map((i) => i.startsAt.toISOString()).sort();
}

/** "20260310T090000" → "2026-03-10T09:00:00" (all-day: midnight). */
function localText(text: string): string {
  const [d, t = '000000'] = text.split('T') as [string, string?];
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
}

/** The case as an API series; null when a series cannot say it (several RRULEs, UTC EXDATEs). */
function pushed(c: RuleCase): string[] | null {
  if (c.rrules.length !== 1 || c.exdates.some(isUtc)) return null;
  return expandSeries(
    {
      rrule: c.rrules[0]!,
      startLocal: localText(c.dtstart),
      timeZone: c.tz,
      durationMinutes: c.allDay ? 1440 : 0,
      allDay: c.allDay,
      exdates: c.exdates.map(localText),
      rdates: c.rdates.map(localText),
    },
    { from: new Date(c.from), to: new Date(c.to) },
    5_000,
  ).map((o) => o.startsAt.toISOString());
}

run('recurrence engine vs python-dateutil', () => {
  const expected = hasDateutil ? oracle(CORPUS) : new Map<string, OracleResult>();

  it('has a corpus of at least 200 rules, the reported ones included', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(CORPUS.map((c) => c.id)).size).toBe(CORPUS.length);
    if (!hasDateutil) throw new Error('CI needs python3-dateutil (see .ci/run)');
    // The oracle answered every case (a failure there would hide a difference).
    expect([...expected.values()].filter((r) => r.error)).toEqual([]);
  });

  it('expands the rules ical.js got wrong as dateutil does', () => {
    const count = (id: string) => expected.get(id)?.ics?.length;
    // FREQ=YEARLY;BYHOUR=9,10 from 10 March 2026 over 18 months: two a year.
    expect(count('yearly-byhour')).toBe(4);
    expect(imported(CORPUS.find((c) => c.id === 'yearly-byhour')!)).toHaveLength(4);
    // Two days a month, two times a day, for 18 months.
    expect(count('yearly-monthday-byhour')).toBe(72);
    // The third EXDATE matches after two that match nothing.
    expect(expected.get('exdate-after-two-misses')?.ics).not.toContain('2026-01-20T18:00:00.000Z');
  });

  it.each(CORPUS.map((c) => [c.id, c] as const))('%s: imported = dateutil', (_id, c) => {
    const reference = expected.get(c.id);
    const ours = imported(c);
    if (!Array.isArray(ours)) {
      // Refusing a rule is only right when it yields nothing at all.
      expect({ rejected: ours.rejected, dateutil: reference?.ics }).toEqual({
        rejected: ours.rejected,
        dateutil: [],
      });
      return;
    }
    expect(ours).toEqual(reference?.ics);
  });

  it.each(CORPUS.map((c) => [c.id, c] as const))('%s: pushed series = dateutil', (_id, c) => {
    let ours: string[] | null;
    try {
      ours = pushed(c);
    } catch (error) {
      expect({ error: String(error), dateutil: expected.get(c.id)?.series }).toEqual({
        error: String(error),
        dateutil: [],
      });
      return;
    }
    if (ours) expect(ours).toEqual(expected.get(c.id)?.series);
  });
});
