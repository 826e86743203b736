import { MAX_REASON } from './limits.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
/** Quoted text worth keeping: rule values and names ("FORTNIGHTLY", "40"), or one delimiter. */
const HARMLESS = /^(?:[A-Z0-9_-]{1,30}|[;:,=])$/;
const EMAIL = /[^\s"'<>()]+@[^\s"'<>()]+/g;

/**
 * A rejection reason fit to store and show. ical.js error messages quote the
 * offending input, which is untrusted and may come from an ATTENDEE/ORGANIZER
 * line (personal data that must never reach an output field). So:
 * - a message mentioning ATTENDEE/ORGANIZER is replaced outright;
 * - quoted text is kept only while it is a harmless token; the first other
 *   quoted segment, and everything after it, becomes "…" (a value may itself
 *   contain quotes, so nothing after it can be trusted to be ical.js's words);
 * - anything e-mail-like left is removed, and the length is capped.
 */
export function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/attendee|organi[sz]er/i.test(message)) {
    return 'a malformed ATTENDEE or ORGANIZER property';
  }
  const cleaned = keepHarmlessQuotes(message)
    .replace(EMAIL, '[e-mail address removed]')
    .replace(CONTROL, ' ')
    .trim();
  return cleaned.length > MAX_REASON ? `${cleaned.slice(0, MAX_REASON - 1)}…` : cleaned;
}

function keepHarmlessQuotes(message: string): string {
  let out = '';
  let rest = message;
  for (;;) {
    const open = rest.indexOf('"');
    if (open === -1) return out + rest;
    out += rest.slice(0, open);
    const close = rest.indexOf('"', open + 1);
    const inner = close === -1 ? null : rest.slice(open + 1, close);
    if (inner === null || !HARMLESS.test(inner)) return `${out}"…"`;
    out += `"${inner}"`;
    rest = rest.slice(close + 1);
  }
}
