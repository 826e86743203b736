import ICAL from 'ical.js';
import type { Component, Moment, Time } from './times.js';
import { floatingMs } from './times.js';
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
 * used only for a TZID we cannot map. Everything else (floating times, DATE
 * values, unknown TZIDs) is read by the caller's "home" clock: the zone the
 * event is shown in, or for a RECURRENCE-ID, the clock of its series.
 */
export class ZoneBook {
  private readonly names = new Map<string, string | null>();
  private readonly clocks = new Map<string, WallClock>();
  private readonly definedClocks = new Map<Timezone, WallClock>();
  private readonly icalZones = new Map<string, Timezone | null>();

  constructor(readonly defaultZone: string) {}

  /** Canonical IANA name for a TZID, or null. */
  iana(tzid: string): string | null {
    let zone = this.names.get(tzid);
    if (zone === undefined) {
      zone = toIanaZone(tzid);
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

  /** The clock for an ical.js time (an occurrence from the recurrence expansion). */
  clockOfTime(time: Time, home: WallClock): WallClock {
    const zone = time.zone;
    if (time.isDate || !zone || zone === ICAL.Timezone.localTimezone) return home;
    if (zone === ICAL.Timezone.utcTimezone || zone.tzid === 'UTC') return UTC_CLOCK;
    const iana = this.iana(zone.tzid);
    return iana ? this.clock(iana) : this.definedClock(zone);
  }

  /**
   * Makes ical.js read every TZID we can map to IANA with IANA offsets.
   *
   * ical.js resolves a TZID through the parent VCALENDAR's getTimeZoneByID.
   * Answering that with zones backed by our WallClock (instead of the
   * document's VTIMEZONE rules, or "floating" when the VTIMEZONE is missing)
   * means ical.js's own comparisons (UNTIL and EXDATE written in UTC against
   * a zoned DTSTART) agree with the instants we compute. It is also what
   * keeps expansion fast: ical.js compares times through their UTC offset,
   * and a VTIMEZONE offset costs it deep copies of its transition table on
   * every call (measured: most of the parse time of a 20k-event feed).
   */
  attachTo(calendar: Component): void {
    const fromDocument = calendar.getTimeZoneByID.bind(calendar);
    calendar.getTimeZoneByID = (tzid: string) => this.icalZone(tzid) ?? fromDocument(tzid);
  }

  private icalZone(tzid: string): Timezone | null {
    let zone = this.icalZones.get(tzid);
    if (zone === undefined) {
      const iana = this.iana(tzid);
      zone = iana === null ? null : ianaBackedZone(tzid, this.clock(iana));
      this.icalZones.set(tzid, zone);
    }
    return zone;
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

/** An ical.js zone named as the document names it, whose offsets come from `clock`. */
function ianaBackedZone(tzid: string, clock: WallClock): Timezone {
  const zone = new ICAL.Timezone({ tzid });
  // ical.js asks a zone only for the offset of a wall-clock reading (seconds).
  zone.utcOffset = (time: Time) => {
    const floating = floatingMs(time);
    return (floating - clock.toInstant(floating)) / 1000;
  };
  return zone;
}
