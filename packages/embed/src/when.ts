import { dateFormat } from './date-format.js';

/** What the reader sees about an event's timing, formatted by `Intl`. */
export interface When {
  /** The day (or range of days), in the event's time zone: "Dydd Gwener, 18 Rhagfyr 2026". */
  date: string;
  /** Start–end times with the zone named when it differs from the reader's; null when all day. */
  time: string | null;
  /** The start in the reader's own zone, only when that differs from the event's. */
  readerTime: string | null;
}

interface Timing {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
}

const sameWallClock = (at: Date, zoneA: string, zoneB: string) => {
  const wall = (timeZone: string) =>
    new Intl.DateTimeFormat('en', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  return wall(zoneA) === wall(zoneB);
};

/**
 * Formats an event's dates and times in `lang`, in the event's own time zone (where
 * people will actually be), adding the reader's local time when their clock shows
 * something else at that moment. Unknown languages fall back to the runtime default.
 */
export function describeWhen(event: Timing, lang: string, readerZone: string): When {
  const start = new Date(event.startsAt);
  // All-day ends are exclusive midnights; step back a moment to land on the last day.
  const end = new Date(Date.parse(event.endsAt) - (event.allDay ? 1 : 0));
  const timeZone = event.timeZone;
  const days = dateFormat(lang, { dateStyle: 'full', timeZone });
  const multiDay = days.format(start) !== days.format(end);
  if (event.allDay) {
    return {
      date: multiDay ? days.formatRange(start, end) : days.format(start),
      time: null,
      readerTime: null,
    };
  }

  const elsewhere = !sameWallClock(start, timeZone, readerZone);
  const zoneName: Intl.DateTimeFormatOptions = elsewhere ? { timeZoneName: 'short' } : {};
  const readerTime = elsewhere
    ? dateFormat(lang, {
        weekday: 'short',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: readerZone,
        timeZoneName: 'short',
      }).format(start)
    : null;
  if (multiDay) {
    // A conference over several days: one range with both ends' dates and times.
    const range = dateFormat(lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).formatRange(start, end);
    return { date: range, time: null, readerTime };
  }
  const time = dateFormat(lang, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    ...zoneName,
  }).formatRange(start, end);
  return { date: days.format(start), time, readerTime };
}
