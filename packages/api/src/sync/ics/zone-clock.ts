import { IANAZone } from 'luxon';
import { ZoneResolver } from '../../recurrence/zone.js';

/** Turns a wall-clock reading (encoded as if UTC, "floating ms") into an instant. */
export interface WallClock {
  toInstant(floatingMs: number): number;
}

export const UTC_CLOCK: WallClock = { toInstant: (floatingMs) => floatingMs };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Wall clock of an IANA zone with RFC 5545 rules for DST gaps and overlaps.
 *
 * ZoneResolver (shared with our own series expander) gets those rules right
 * but costs several Intl calls per distinct minute, which dominated parsing a
 * 20k-event feed. Almost every day has no offset change, so this first asks,
 * once per local day, whether the offset is the same on both sides of it, and
 * only hands transition days to ZoneResolver.
 */
export class IanaClock implements WallClock {
  private readonly zone: IANAZone;
  private readonly exact: ZoneResolver;
  /** Local day → the offset in force all day (minutes), or null on a transition day. */
  private readonly steadyOffset = new Map<number, number | null>();

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
    this.exact = new ZoneResolver(timeZone);
  }

  toInstant(floatingMs: number): number {
    const day = Math.floor(floatingMs / DAY_MS);
    let offset = this.steadyOffset.get(day);
    if (offset === undefined) {
      offset = this.offsetAllDay(day);
      this.steadyOffset.set(day, offset);
    }
    return offset === null
      ? this.exact.resolve(floatingMs).instantMs
      : floatingMs - offset * MINUTE_MS;
  }

  /**
   * Offsets range from -12 h to +14 h, so every instant whose local reading
   * falls on this day lies between 15 h before its start and 15 h after its
   * end. The same offset at both ends means no transition in between (no zone
   * changes its offset twice within two days).
   */
  private offsetAllDay(day: number): number | null {
    const before = this.zone.offset(day * DAY_MS - 15 * HOUR_MS);
    const after = this.zone.offset((day + 1) * DAY_MS + 15 * HOUR_MS);
    return before === after && Number.isFinite(before) ? before : null;
  }
}
