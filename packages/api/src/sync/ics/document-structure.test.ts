import { describe, expect, it } from 'vitest';
import { calendar, options } from '../../../test/helpers/ics-calendars.js';
import { IcsDocumentError, parseIcs } from './index.js';

const EVENT = 'UID:kept@test\nSUMMARY:Breakfast\nDTSTART:20260505T080000Z';
const wrap = (inside: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${inside}\r\nBEGIN:VEVENT\r\n${EVENT.replace(/\n/g, '\r\n')}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
const parse = (text: string) => () => parseIcs(text, options());

describe('parseIcs: documents whose components do not balance', () => {
  it('refuses 50,000 BEGIN lines that never end instead of reading an empty calendar', () => {
    const text = wrap(Array.from({ length: 50_000 }, () => 'BEGIN:X').join('\r\n'));
    expect(parse(text)).toThrow(IcsDocumentError);
    expect(parse(text)).toThrow(/nested more than \d+ deep/);
  });

  it('refuses a component between events that is never closed', () => {
    const text = wrap('BEGIN:VTODO\r\nUID:todo@test');
    expect(parse(text)).toThrow(IcsDocumentError);
    expect(parse(text)).toThrow(/BEGIN:VTODO at line 3 has no matching END/);
  });

  it('refuses an END between events that has no BEGIN', () => {
    expect(parse(wrap('END:VTODO'))).toThrow(/END:VTODO at line 3 has no BEGIN/);
  });

  it('still reads balanced unknown components and skips them', () => {
    const result = parseIcs(wrap('BEGIN:X-THING\r\nFOO:bar\r\nEND:X-THING'), options());
    expect(result.items.map((i) => i.upstreamUid)).toEqual(['kept@test']);
  });

  it('rejects only the event whose own nesting is broken', () => {
    const result = parseIcs(
      calendar(
        'UID:broken@test\nSUMMARY:Alarm never closed\nDTSTART:20260505T080000Z\nBEGIN:VALARM',
        EVENT,
      ),
      options(),
    );
    expect(result.items.map((i) => i.upstreamUid)).toEqual(['kept@test']);
    expect(result.rejected).toEqual([
      { uid: 'broken@test', reason: expect.stringMatching(/BEGIN:VALARM without a matching END/) },
    ]);
  });
});
