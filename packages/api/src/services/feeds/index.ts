// Public outputs built from the API's own Event/Chapter objects (DESIGN.md,
// "Outputs for the rest of the world"): iCalendar feeds and schema.org JSON-LD.
export { type CalendarOptions, eventsToIcs } from './ics.js';
export { eventToJsonLd, type JsonLdOptions } from './json-ld.js';
export { pickLanguage } from './pick-language.js';
