import { createClient, type Event } from '@oneteamgov/sdk';
import { eventIcsUrl, feedUrl, googleCalendarUrl, isWebUrl } from './calendar-links.js';
import { dateFormat } from './date-format.js';
import { h } from './dom.js';
import { type Labels, labelsFor, pickText } from './i18n.js';
import css from './otg-events.css';
import { describeWhen } from './when.js';

/** Where this script was loaded from: the hub to ask, unless `base` says otherwise. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;
const LAYOUTS = ['list', 'compact', 'month'];
/** Attributes that change which events are shown (the others only change how). */
const QUERY_ATTRIBUTES = ['chapter', 'limit', 'base', 'include-past'];

const ICONS: Record<string, string> = {
  stepFreeAccess: '♿',
  accessibleToilets: '🚻',
  hearingLoop: '👂',
  liveCaptions: '💬',
  signLanguage: '👐',
  quietRoom: '🤫',
  largePrint: '🔍',
  genderNeutralToilets: '🚻',
  childcare: '🧸',
  dietaryOptions: '🍽',
};

type State = { kind: 'loading' } | { kind: 'error' } | { kind: 'ready'; events: Event[] };

let sheet: CSSStyleSheet | undefined;
/** One constructed stylesheet shared by every instance on the page. */
const stylesFor = (root: ShadowRoot) => {
  if ('adoptedStyleSheets' in root) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
    return [];
  }
  return [h('style', {}, css)];
};

const clamp = (value: string | null, min: number, max: number, fallback: number) =>
  Math.min(max, Math.max(min, Math.trunc(Number(value ?? fallback)) || fallback));

/**
 * `<otg-events>`: One Team Gov events from a hub, rendered in shadow DOM. It only
 * ever talks to the hub (no cookies, no storage, no third parties), so it works
 * under a Content-Security-Policy that allows just the hub's origin.
 *
 * Attributes: `chapter` (ids separated by spaces or commas), `lang`, `limit` (1–100,
 * default 10), `layout` (`list` | `compact` | `month`), `base` (hub origin; default
 * where this script came from), `include-past`, `heading-level` (default 3) and
 * `link-target` (e.g. `_top` inside an iframe).
 *
 * Fires `otg-events:render` (bubbling, composed) each time a load has been rendered.
 */
export class OtgEvents extends HTMLElement {
  static observedAttributes = [
    ...QUERY_ATTRIBUTES,
    'lang',
    'layout',
    'heading-level',
    'link-target',
  ];

  #root = this.attachShadow({ mode: 'open' });
  #state: State = { kind: 'loading' };
  #abort: AbortController | undefined;
  #pending: 'render' | 'load' | undefined;

  connectedCallback(): void {
    this.#schedule('load');
  }

  disconnectedCallback(): void {
    this.#abort?.abort();
    this.#pending = undefined;
  }

  attributeChangedCallback(name: string): void {
    if (this.isConnected) this.#schedule(QUERY_ATTRIBUTES.includes(name) ? 'load' : 'render');
  }

  /** The hub's origin, without a trailing slash. */
  get hub(): string {
    return (this.getAttribute('base') || SCRIPT_ORIGIN).replace(/\/+$/, '');
  }

  get chapters(): string[] {
    return (this.getAttribute('chapter') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .slice(0, 50);
  }

  /** The language to speak: the element's, then the page's, then the browser's. */
  get language(): string {
    return (
      this.getAttribute('lang') ||
      (this.parentElement?.closest('[lang]') as HTMLElement | null)?.lang ||
      navigator.language ||
      'en'
    );
  }

  /** Several attribute changes in one task cause one request and one render. */
  #schedule(work: 'render' | 'load'): void {
    const queued = this.#pending;
    this.#pending = queued === 'load' ? 'load' : work;
    if (queued) return;
    queueMicrotask(() => {
      const next = this.#pending;
      this.#pending = undefined;
      if (next === 'load') void this.load();
      else if (next) this.#render();
    });
  }

  /** Fetches the events again; a previous request still running is abandoned. */
  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#state = { kind: 'loading' };
    this.#render();
    const chapters = this.chapters;
    const from = this.hasAttribute('include-past')
      ? new Date(Date.now() - 365 * 86_400_000).toISOString()
      : undefined;
    let state: State;
    try {
      const page = await createClient({ baseUrl: this.hub, maxRetries: 1 }).GET('/v1/events', {
        signal: abort.signal,
        params: {
          query: {
            ...(chapters.length ? { chapter: chapters } : {}),
            ...(from ? { from } : {}),
            limit: clamp(this.getAttribute('limit'), 1, 100, 10),
          },
        },
      });
      state = { kind: 'ready', events: page.data };
    } catch {
      state = { kind: 'error' };
    }
    if (abort.signal.aborted) return;
    this.#state = state;
    this.#render();
    this.dispatchEvent(new CustomEvent('otg-events:render', { bubbles: true, composed: true }));
  }

  #render(): void {
    const lang = this.language;
    const t = labelsFor(lang);
    const attribute = this.getAttribute('layout') ?? '';
    const layout = LAYOUTS.includes(attribute) ? attribute : 'list';
    const level = clamp(this.getAttribute('heading-level'), 1, 5, 3);
    const state = this.#state;
    let body: Node[];
    if (state.kind === 'loading') {
      body = [h('p', { part: 'state', role: 'status', 'aria-busy': 'true' }, t.loading)];
    } else if (state.kind === 'error') {
      const retry = h('button', { part: 'button', type: 'button' }, t.retry);
      retry.onclick = () => void this.load();
      body = [h('p', { part: 'state', role: 'alert' }, t.error, retry)];
    } else if (!state.events.length) {
      body = [h('p', { part: 'state', role: 'status' }, t.empty)];
    } else if (layout === 'month') {
      body = byMonth(state.events, lang).flatMap(([month, events]) => [
        h('div', { part: 'month', class: 'month', role: 'heading', 'aria-level': level }, month),
        this.#list(events, t, lang, layout, level + 1),
      ]);
    } else {
      body = [this.#list(state.events, t, lang, layout, level)];
    }
    const subscribe = h(
      'p',
      { part: 'footer' },
      this.#link(feedUrl(this.hub, this.chapters), t.subscribe, 'subscribe'),
    );
    this.#root.replaceChildren(
      ...stylesFor(this.#root),
      h('div', { class: layout, lang }, body, subscribe),
    );
  }

  #link(href: string, text: string, name: string): HTMLElement | null {
    if (!isWebUrl(href)) return null;
    const target = this.getAttribute('link-target');
    return h('a', { part: `link ${name}`, href, target, rel: target ? 'noopener' : null }, text);
  }

  #list(events: Event[], t: Labels, lang: string, layout: string, level: number): HTMLElement {
    const reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return h(
      'ol',
      { part: 'list', 'aria-label': t.events },
      events.map((e) => this.#item(e, t, lang, layout, level, reader)),
    );
  }

  #item(e: Event, t: Labels, lang: string, layout: string, level: number, reader: string) {
    const when = describeWhen(e, lang, reader);
    const title = pickText(e.title, lang);
    const summary = pickText(e.summary, lang);
    const cancelled = e.status === 'cancelled';
    const place = e.venue ? [e.venue.name, e.venue.locality].filter(Boolean).join(', ') : '';
    const where = [e.attendanceMode === 'online' ? '' : place, t[e.attendanceMode]]
      .filter(Boolean)
      .join(' · ');
    const heading = h(
      'div',
      { part: 'title', role: 'heading', 'aria-level': level, lang: title.lang },
      e.status === 'scheduled' ? null : h('span', { part: `badge ${e.status}` }, t[e.status]),
      title.text,
    );
    const time = h(
      'time',
      { part: 'date', datetime: e.startsAt },
      when.date + (when.time ? `, ${when.time}` : e.allDay ? ` (${t.allDay})` : ''),
    );
    if (layout === 'compact') {
      return h(
        'li',
        { part: 'event', class: e.status },
        time,
        heading,
        ' ',
        h('span', { class: 'muted' }, where),
      );
    }
    const links = cancelled
      ? []
      : [
          e.registrationUrl && this.#link(e.registrationUrl, t.register, 'register'),
          e.onlineUrl && e.attendanceMode !== 'inPerson' && this.#link(e.onlineUrl, t.join, 'join'),
          this.#link(eventIcsUrl(this.hub, e), t.ics, 'ics'),
          this.#link(googleCalendarUrl(e, title.text, summary.text, place), t.google, 'google'),
        ];
    const previously =
      e.previousStartsAt &&
      describeWhen(
        { ...e, startsAt: e.previousStartsAt, endsAt: e.previousStartsAt },
        lang,
        e.timeZone,
      );
    return h(
      'li',
      { part: 'event', class: e.status },
      heading,
      time,
      when.readerTime && h('p', { class: 'muted' }, `${t.yourTime}: ${when.readerTime}`),
      previously && h('p', { class: 'muted' }, `${t.was}: ${previously.date}`),
      h('p', { part: 'place' }, where),
      summary.text && h('p', { part: 'summary', lang: summary.lang }, summary.text),
      e.accessibility.features.length > 0 &&
        h(
          'ul',
          { part: 'access', 'aria-label': t.access },
          e.accessibility.features.map((f) =>
            h('li', {}, h('span', { 'aria-hidden': 'true' }, ICONS[f] ?? '✓'), ` ${t[f]}`),
          ),
        ),
      links.length > 0 &&
        h(
          'ul',
          { part: 'links' },
          links.map((a) => a && h('li', {}, a)),
        ),
    );
  }
}

/** Events grouped under the month they start in, in their own time zone. */
function byMonth(events: Event[], lang: string): [string, Event[]][] {
  const groups = new Map<string, Event[]>();
  for (const event of events) {
    const month = dateFormat(lang, {
      month: 'long',
      year: 'numeric',
      timeZone: event.timeZone,
    }).format(new Date(event.startsAt));
    groups.set(month, [...(groups.get(month) ?? []), event]);
  }
  return [...groups];
}

if (!customElements.get('otg-events')) customElements.define('otg-events', OtgEvents);

declare global {
  interface HTMLElementTagNameMap {
    'otg-events': OtgEvents;
  }
}
