/*
 * Bounds for imported fields. They mirror LIMITS in @oneteamgov/schema, so an
 * item accepted here is not rejected later for its length; they are repeated
 * rather than imported so the parser itself (parseIcs, also run outside the
 * worker) does not depend on zod and the schema.
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
