import { createHash } from 'node:crypto';
import type { Chapter, Event } from '@oneteamgov/schema';
import { html, raw } from 'hono/html';
import { DateTime } from 'luxon';
import { featureLine, type Labels } from '../../services/feeds/labels.js';
import { pickLocalized } from '../../services/feeds/pick-language.js';

const CSS = `
html{color-scheme:light}
body{margin:0;font:18px/1.5 system-ui,sans-serif;color:#0b0c0c;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 1rem}
h2{font-size:1.3rem;margin-top:2rem}
.chapter{margin:0;color:#484949}
.status{border-left:5px solid #d4351c;padding:.5rem 1rem;font-weight:700;background:#fff}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem}
dt{font-weight:700}dd{margin:0}
a{color:#1d70b8}a:visited{color:#4c2c92}
a:focus-visible{outline:3px solid #fd0;background:#fd0;color:#0b0c0c;text-decoration:none;box-shadow:0 4px #0b0c0c}
.actions a{display:inline-block;margin:.25rem 0}
.description{white-space:pre-line}
`;

const styleHash = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

/**
 * The event page loads nothing: no script runs (the JSON-LD block is data, which
 * CSP does not treat as script), no image, no frame, and no site may frame it.
 */
export const eventPagePolicy = [
  "default-src 'none'",
  `style-src ${styleHash}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface EventPageModel {
  event: Event;
  chapter: Chapter | null;
  labels: Labels;
  lang: string | null;
  instanceName: string;
  pageUrl: string;
  icsUrl: string;
  apiUrl: string;
  googleUrl: string;
  jsonLd: Record<string, unknown>;
}

/** A server-rendered page for people: what, when, where, how to join, and add-to-calendar links. */
export function eventPage(model: EventPageModel) {
  const { event, labels, lang } = model;
  const title = pickLocalized(event.title, lang);
  const text = pickLocalized(event.description, lang) ?? pickLocalized(event.summary, lang) ?? null;
  const chapterName = model.chapter ? pickLocalized(model.chapter.name, lang) : null;
  const langOf = (tag: string | undefined) =>
    tag && tag !== labels.tag ? html` lang="${tag}"` : '';
  const status = event.status === 'scheduled' ? null : labels.status[event.status];
  const features = featureLine(event.accessibility.features, labels);
  const notes = pickLocalized(event.accessibility.notes, lang);
  const online = event.attendanceMode !== 'inPerson' || event.status === 'movedOnline';
  const place = where(event, labels, online);
  // For link previews and search results: the summary, else the start of the text.
  const blurb = shorten(pickLocalized(event.summary, lang)?.value ?? text?.value ?? null, 200);
  const links = [
    ...(event.onlineUrl && event.status !== 'cancelled'
      ? [{ href: event.onlineUrl, text: labels.joinOnline }]
      : []),
    ...(event.registrationUrl ? [{ href: event.registrationUrl, text: labels.register }] : []),
  ];

  return html`<!doctype html>
<html lang="${labels.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title?.value ?? event.id} – ${model.instanceName}</title>
${blurb ? html`<meta name="description" content="${blurb}">` : ''}
<meta property="og:type" content="website">
<meta property="og:title" content="${title?.value ?? event.id}">
<meta property="og:url" content="${model.pageUrl}">
${blurb ? html`<meta property="og:description" content="${blurb}">` : ''}
<link rel="canonical" href="${model.pageUrl}">
<link rel="alternate" type="text/calendar" href="${model.icsUrl}">
<link rel="alternate" type="application/json" href="${model.apiUrl}">
<style>${raw(CSS)}</style>
<script type="application/ld+json">${raw(scriptSafeJson(model.jsonLd))}</script>
</head>
<body>
<main>
${chapterName ? html`<p class="chapter"${langOf(chapterName.tag)}>${chapterName.value}</p>` : ''}
<h1${langOf(title?.tag)}>${title?.value ?? event.id}</h1>
${status ? html`<p class="status">${status}</p>` : ''}
<dl>
<dt>${labels.when}</dt>
<dd>${when(event, labels)}</dd>
${
  place
    ? html`<dt>${labels.where}</dt>
<dd>${place}</dd>`
    : ''
}
${
  features || notes
    ? html`<dt>${labels.accessibility}</dt>
<dd>${features ? `${features}.` : ''}${notes ? html` <span${langOf(notes.tag)}>${notes.value}</span>` : ''}</dd>`
    : ''
}
</dl>
${links.length > 0 ? html`<p class="actions">${links.map((link, i) => html`${i > 0 ? html`<br>` : ''}<a href="${link.href}">${link.text}</a>`)}</p>` : ''}
${text ? html`<div class="description"${langOf(text.tag)}>${text.value}</div>` : ''}
${event.tags.length > 0 ? html`<p>${labels.tags}: ${event.tags.join(', ')}</p>` : ''}
<h2>${labels.addToCalendar}</h2>
<ul class="actions">
<li><a href="${model.icsUrl}">${labels.downloadIcs}</a></li>
<li><a href="${model.googleUrl}">${labels.googleCalendar}</a></li>
</ul>
</main>
</body>
</html>`;
}

/** The page for an event id that names no public event (unknown, removed or hidden). */
export function notFoundPage(labels: Labels, instanceName: string) {
  return html`<!doctype html>
<html lang="${labels.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${labels.notFoundTitle} – ${instanceName}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<main>
<h1>${labels.notFoundTitle}</h1>
<p>${labels.notFoundText}</p>
</main>
</body>
</html>`;
}

/** Wording locale: English pages use British dates (the movement's home), others their own. */
function locale(labels: Labels): string {
  return labels.tag === 'en' ? 'en-GB' : labels.tag;
}

/** "Tuesday 21 July 2026, 18:00 – 20:00 (Europe/London)", in the event's own zone. */
function when(event: Event, labels: Labels) {
  const start = DateTime.fromISO(event.startsAt, { zone: event.timeZone });
  const end = DateTime.fromISO(event.endsAt, { zone: event.timeZone });
  if (event.allDay) {
    const lastDay = end.equals(end.startOf('day')) ? end.minus({ days: 1 }) : end;
    const format = new Intl.DateTimeFormat(locale(labels), {
      dateStyle: 'full',
      timeZone: event.timeZone,
    });
    const range = format.formatRange(start.toJSDate(), DateTime.max(lastDay, start).toJSDate());
    return html`<time datetime="${start.toISODate()}">${range}</time>`;
  }
  const format = new Intl.DateTimeFormat(locale(labels), {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: event.timeZone,
  });
  const range = format.formatRange(start.toJSDate(), end.toJSDate());
  return html`<time datetime="${event.localStartsAt}">${range}</time> (${event.timeZone})`;
}

function where(event: Event, labels: Labels, online: boolean) {
  const venue = event.status === 'movedOnline' ? null : event.venue;
  const place = venue
    ? [venue.name, venue.address, venue.locality, venue.postalCode]
        .filter((part): part is string => Boolean(part))
        .join(', ')
    : null;
  if (place && online) return `${place}; ${labels.online}`;
  return place ?? (online ? labels.online : null);
}

/** At most `max` characters on one line, cut at a word with an ellipsis. */
function shorten(value: string | null, max: number): string | null {
  if (!value) return null;
  const line = value.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** JSON inside <script>: "<" escaped so no "</script>" or "<!--" can end or alter the block. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
