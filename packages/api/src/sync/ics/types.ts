/** One event occurrence read from an iCalendar feed, ready to be mapped onto an Event. */
export interface IcsItem {
  /** VEVENT UID (at most 500 characters; longer UIDs are rejected, never cut). */
  upstreamUid: string;
  /**
   * null for a non-recurring event. For an occurrence of a recurring event, the
   * ORIGINAL start (RECURRENCE-ID semantics) as a UTC ISO instant. It names the
   * occurrence the rule scheduled, so it survives overrides that move the
   * occurrence and re-syncs with a different window.
   */
  recurrenceId: string | null;
  /** Language tag → plain text. */
  title: Record<string, string>;
  /** Language tag → plain text (HTML reduced), at most 20,000 characters each. */
  description: Record<string, string> | null;
  /** LOCATION without the parts that name a way of joining online ("Microsoft Teams Meeting"). */
  location: string | null;
  /** GEO, in decimal degrees. */
  geo: { lat: number; lng: number } | null;
  /** The URL property when it is an http(s) URL and not the joining link (the upstream event page). */
  url: string | null;
  /** Some part of the event happens online (a joining link, or a location such as "Online event"). */
  online: boolean;
  /** The joining link (CONFERENCE, X-GOOGLE-CONFERENCE, Outlook's Teams URL, a meeting link in the text). */
  onlineUrl: string | null;
  /** LANGUAGE parameters of SUMMARY, DESCRIPTION and LOCATION: the languages the event is held in. */
  languages: string[];
  startsAt: Date;
  endsAt: Date;
  /** IANA zone the event is shown in. */
  timeZone: string;
  allDay: boolean;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  categories: string[];
}

export interface IcsRejection {
  uid: string | null;
  reason: string;
}

export interface IcsParseResult {
  calendarName: string | null;
  items: IcsItem[];
  rejected: IcsRejection[];
}

export interface IcsParseOptions {
  /** Only occurrences overlapping [from, to) are returned; recurrences are expanded inside it. */
  window: { from: Date; to: Date };
  /** Occurrences returned per UID; expansion stops once reached. */
  maxOccurrencesPerEvent: number;
  /** Items returned in total; the rest are dropped with one rejection saying so. */
  maxEvents: number;
  /** IANA zone for floating times, UTC times and unknown TZIDs. */
  defaultTimeZone: string;
  /** BCP 47 tag for text without a LANGUAGE parameter. */
  defaultLanguage: string;
}

/** Limits for one isolated parse (see parseIcsIsolated). */
export interface ParseBudget {
  /** Time allowed for the parse itself, from the moment the worker starts parsing. */
  timeoutMs: number;
  /** Old-generation heap limit of the worker. */
  maxHeapMb: number;
}
