/*
 * Bounds for imported fields. They mirror LIMITS in @oneteamgov/schema, so an
 * item accepted here is not rejected later for its length; they are repeated
 * rather than imported so the parse worker does not load zod and the schema.
 */
export const MAX_UID = 500;
export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 20_000;
export const MAX_LOCATION = 500;
export const MAX_URL = 2_000;
export const MAX_CATEGORIES = 20;
export const MAX_CATEGORY = 50;
/** Translations kept per text field (LIMITS.localizedEntries). */
export const MAX_LANGUAGES = 20;
export const MAX_CALENDAR_NAME = 200;
/** Rejection reasons are cut to this length. */
export const MAX_REASON = 300;

/** HTML is cut to this before conversion: html-to-text's cost grows with its input. */
export const MAX_HTML_INPUT = 100_000;

/**
 * Rejections listed per document; the rest are summed up in one last entry so a
 * feed of a million broken VEVENTs cannot produce a million-entry result.
 */
export const MAX_REJECTIONS = 1_000;

/**
 * ical.js can only expand a rule from its DTSTART, one occurrence at a time
 * (measured: 12-40 µs per daily/weekly step, ~200 µs per monthly BYDAY step).
 * A series started long before the window, or a sub-daily rule, may take this
 * many steps to reach the window; beyond that the event is rejected.
 */
export const MAX_STEPS_BEFORE_WINDOW = 50_000;

/**
 * ical.js tests each candidate against the rule's BY* filters with no upper
 * bound, so a rule no date satisfies (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30)
 * loops forever inside one next() call. Candidates tested per event are
 * capped (about 17 µs each, so at most ~2 s); see rule-guard.ts.
 */
export const MAX_RULE_CHECKS = 100_000;
