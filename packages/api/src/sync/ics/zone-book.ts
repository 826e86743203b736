import ICAL from 'ical.js';
import type { Moment } from './times.js';
import { IanaClock, UTC_CLOCK, type WallClock } from './zone-clock.js';
import { toIanaZone } from './zone-names.js';

type Timezone = ICAL.Timezone;

/**
 * Decides which clock reads each time value, and caches the answers for one
 * parse (a feed repeats the same few TZIDs thousands of times).
 *
 * Instants come from the IANA database whenever the TZID names a zone we know
 * (directly or as a Windows name), not from the document's VTIMEZONE: feeds
 * often omit VTIMEZONE, and Outlook's are simplified rules. A VTIMEZONE is
 * used only for a TZID we cannot map (ical.js finds it through the event's
 * calendar). Everything else (floating times, DATE
 * values, unknown TZIDs) is read by the caller's "home" clock: the zone the
 * event is shown in, or for a RECURRENCE-ID, the clock of its series.
 */
export class ZoneBook {
  private readonly names = new Map<string, string | null>();
  private readonly clocks = new Map<string, WallClock>();
  private readonly definedClocks = new Map<Timezone, WallClock>();

  constructor(readonly defaultZone: string) {}

  /** Canonical IANA name for a TZID, or null. */
  iana(tzid: string): string | null {
    let zone = this.names.get(tzid);
    if (zone === undefined) {
      zone = toIanaZone(tzid, this.defaultZone);
      this.names.set(tzid, zone);
    }
    return zone;
  }

  clock(iana: string): WallClock {
    let clock = this.clocks.get(iana);
    if (!clock) {
      clock = iana === 'UTC' ? UTC_CLOCK : new IanaClock(iana);
      this.clocks.set(iana, clock);
    }
    return clock;
  }

  /**
   * The zone an event is shown in, from its DTSTART's TZID: its IANA zone; the
   * default zone for UTC ("Z") and floating times and for unknown TZIDs.
   */
  displayZone(tzid: string | null): string {
    return (tzid && this.iana(tzid)) || this.defaultZone;
  }

  /** The clock for a value as written (see Moment). */
  clockOf(moment: Moment, home: WallClock): WallClock {
    if (moment.isDate) return home;
    if (moment.utc) return UTC_CLOCK;
    if (moment.tzid === null) return home;
    const iana = this.iana(moment.tzid);
    if (iana) return this.clock(iana);
    // ical.js finds the document's VTIMEZONE through the calendar (see attachTo).
    const defined = moment.prop.parent?.getTimeZoneByID(moment.tzid);
    return defined ? this.definedClock(defined) : home;
  }

  /** A document-defined VTIMEZONE with a name we cannot map: use its own rules. */
  private definedClock(zone: Timezone): WallClock {
    let clock = this.definedClocks.get(zone);
    if (!clock) {
      clock = {
        toInstant(floating) {
          const d = new Date(floating);
          const local = new ICAL.Time(
            {
              year: d.getUTCFullYear(),
              month: d.getUTCMonth() + 1,
              day: d.getUTCDate(),
              hour: d.getUTCHours(),
              minute: d.getUTCMinutes(),
              second: d.getUTCSeconds(),
              isDate: false,
            },
            zone,
          );
          return local.toUnixTime() * 1000;
        },
      };
      this.definedClocks.set(zone, clock);
    }
    return clock;
  }
}
