import { LanguageString } from '@fedify/fedify';
import { pickLocalized } from '../services/feeds/pick-language.js';

/**
 * A localized text as ActivityStreams carries it: the plain value (`name`) in
 * the preferred language, for servers that read only that, and every language
 * as a language-tagged string (`nameMap`).
 */
export function localizedValues(
  text: Record<string, string> | null | undefined,
  preferred: string | undefined,
): (string | LanguageString)[] {
  const picked = pickLocalized(text, preferred ?? null);
  if (!picked || !text) return [];
  const tagged = Object.entries(text)
    .filter(([, value]) => value.length > 0)
    .map(([tag, value]) => new LanguageString(value, tag));
  return [picked.value, ...tagged];
}

/** Plain text as HTML paragraphs, escaped (ActivityStreams `content` is HTML). */
export function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
