import { compile } from 'html-to-text';
import { IcsItemError } from './errors.js';
import {
  MAX_CATEGORIES,
  MAX_CATEGORY,
  MAX_DESCRIPTION,
  MAX_HTML_INPUT,
  MAX_LANGUAGES,
  MAX_LOCATION,
  MAX_TITLE,
  MAX_URL,
} from './limits.js';
import type { Component } from './times.js';

type Localized = Record<string, string>;

/*
 * Text reading for one VEVENT. Only the properties named here are ever read:
 * ATTENDEE and ORGANIZER (names, e-mail addresses) are personal data and never
 * reach any output field.
 */

/** SUMMARY per language. A title longer than the schema allows is rejected, not cut. */
export function readTitle(event: Component, defaultLanguage: string): Localized | null {
  return readLocalized(event, 'summary', defaultLanguage, (value) => {
    const title = singleLine(value);
    if (title.length > MAX_TITLE) {
      throw new IcsItemError(`SUMMARY is longer than ${MAX_TITLE} characters`);
    }
    return title;
  });
}

/**
 * DESCRIPTION per language as plain text; Outlook's X-ALT-DESC (HTML) when
 * there is no DESCRIPTION. Google writes HTML straight into DESCRIPTION, so
 * anything that looks like markup is reduced to text; long text is cut.
 */
export function readDescription(event: Component, defaultLanguage: string): Localized | null {
  // Google appends joining instructions between "-::~:~::~…::-" rules; the link
  // itself is kept from X-GOOGLE-CONFERENCE, so the boilerplate is dropped.
  const meet = event.hasProperty('x-google-conference');
  const clean = (value: string) => {
    const text = looksLikeHtml(value) ? htmlToText(value.slice(0, MAX_HTML_INPUT)) : value;
    return cut(plainText(meet ? withoutMeetBlock(text) : text), MAX_DESCRIPTION);
  };
  return (
    readLocalized(event, 'description', defaultLanguage, clean) ??
    // ical.js does not know X-ALT-DESC and leaves its TEXT escapes in place.
    readLocalized(event, 'x-alt-desc', defaultLanguage, (value) => clean(unescapeText(value)))
  );
}

const MEET_RULE = /-::~[:~]*::-/;

/** The text before Google's first "-::~:~::~…::-" rule (its Meet block), and after a closing one. */
function withoutMeetBlock(text: string): string {
  const parts = text.split(MEET_RULE);
  if (parts.length === 1) return text;
  // [before, block, after] when the block is closed; [before, block] when it runs to the end.
  return [parts[0], ...parts.slice(2)].join('\n');
}

/** RFC 5545 TEXT unescaping: \n, \, \; and \\. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function readLocation(event: Component): string | null {
  const value = firstText(event, 'location');
  const location = value === null ? '' : cut(singleLine(value), MAX_LOCATION);
  return location === '' ? null : location;
}

/** The URL property, only when it is an absolute http(s) URL. */
export function readUrl(event: Component): string | null {
  const value = firstText(event, 'url')?.trim();
  if (!value || value.length > MAX_URL) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= MAX_URL
      ? url.href
      : null;
  } catch {
    return null;
  }
}

/** All CATEGORIES values (several properties, comma lists), de-duplicated and bounded. */
export function readCategories(event: Component): string[] {
  const seen = new Set<string>();
  for (const prop of event.getAllProperties('categories')) {
    for (const value of prop.getValues()) {
      if (typeof value !== 'string') continue;
      const category = cut(singleLine(value), MAX_CATEGORY).trim();
      if (category !== '') seen.add(category);
      if (seen.size >= MAX_CATEGORIES) return [...seen];
    }
  }
  return [...seen];
}

function readLocalized(
  event: Component,
  name: string,
  defaultLanguage: string,
  clean: (value: string) => string,
): Localized | null {
  const out: Localized = {};
  let count = 0;
  for (const prop of event.getAllProperties(name)) {
    const value = prop.getFirstValue();
    if (typeof value !== 'string') continue;
    const text = clean(value);
    if (text === '') continue;
    const language = languageTag(prop.getParameter('language')) ?? defaultLanguage;
    // Several SUMMARY properties in one language: the first one wins.
    if (Object.hasOwn(out, language)) continue;
    out[language] = text;
    count += 1;
    if (count >= MAX_LANGUAGES) break;
  }
  return count > 0 ? out : null;
}

function firstText(event: Component, name: string): string | null {
  const value = event.getFirstProperty(name)?.getFirstValue();
  return typeof value === 'string' ? value : null;
}

const LANGUAGE_SHAPE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const languageCache = new Map<string, string | null>();

/** A LANGUAGE parameter as a canonical BCP 47 tag ("EN-gb" → "en-GB"), or null if unusable. */
export function languageTag(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cached = languageCache.get(value);
  if (cached !== undefined) return cached;
  let tag: string | null = null;
  if (value.length <= 35 && LANGUAGE_SHAPE.test(value)) {
    try {
      tag = Intl.getCanonicalLocales(value)[0] ?? null;
    } catch {
      tag = null;
    }
  }
  if (languageCache.size < 1_000) languageCache.set(value, tag);
  return tag;
}

// Compiled once: html-to-text's option handling is a large part of a call's cost.
const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
  ],
  limits: { maxDepth: 50, maxChildNodes: 2_000 },
});

const TAG = /<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>/;
function looksLikeHtml(value: string): boolean {
  return TAG.test(value);
}

// C0/C1 control characters other than tab and newline, and stray CRs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function plainText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function singleLine(value: string): string {
  return value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return value.slice(0, end).trimEnd();
}
