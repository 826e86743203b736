/**
 * Language selection for localized text (`{ en: '…', cy: '…' }`), shared by the
 * iCalendar and JSON-LD outputs so both pick the same wording for a request.
 */

export interface LocalizedPick {
  /** The key of the entry chosen, e.g. `cy`; used for `LANGUAGE=` and `inLanguage`. */
  tag: string;
  value: string;
}

/** Primary language subtag, lower-cased: `fr-CA` → `fr`. */
function baseOf(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

/**
 * Order of preference: the requested tag itself, then its base language
 * (`fr-CA` → `fr`), then another regional form of that base (`fr` → `fr-CA`),
 * then English (`en`, else any `en-*`), then the first entry. Tags are compared case-insensitively
 * (BCP 47 tags are case-insensitive). Empty strings never win.
 */
export function pickLocalized(
  text: Record<string, string> | null | undefined,
  lang: string | null | undefined,
): LocalizedPick | null {
  if (!text) return null;
  const entries = Object.entries(text).filter(([, value]) => value.length > 0);
  if (entries.length === 0) return null;
  const find = (test: (tag: string) => boolean): LocalizedPick | null => {
    const hit = entries.find(([tag]) => test(tag));
    return hit ? { tag: hit[0], value: hit[1] } : null;
  };
  const wanted = lang?.trim().toLowerCase();
  if (wanted) {
    const base = baseOf(wanted);
    const match =
      find((tag) => tag.toLowerCase() === wanted) ??
      find((tag) => tag.toLowerCase() === base) ??
      find((tag) => baseOf(tag) === base);
    if (match) return match;
  }
  const [tag, value] = entries[0]!;
  return find((t) => t.toLowerCase() === 'en') ?? find((t) => baseOf(t) === 'en') ?? { tag, value };
}

/** The text in the best available language for `lang`, or null when there is none. */
export function pickLanguage(
  text: Record<string, string> | null | undefined,
  lang: string | null | undefined,
): string | null {
  return pickLocalized(text, lang)?.value ?? null;
}
