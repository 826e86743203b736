/**
 * Folds text for accent-insensitive search in any language: NFKD, drop combining
 * marks, lower-case. "Caerdydd", "réunion" and "Göteborg" match "caerdydd",
 * "reunion" and "goteborg". Applied to stored text and to queries alike.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
}

/** Joins every language of every localized field into one folded search text. */
export function searchTextOf(
  ...fields: (Record<string, string> | null | undefined | string)[]
): string {
  const parts: string[] = [];
  for (const field of fields) {
    if (!field) continue;
    if (typeof field === 'string') parts.push(field);
    else parts.push(...Object.values(field));
  }
  return foldText(parts.join(' \n '));
}

/** Words of a user query, folded; punctuation becomes a separator. */
export function queryTerms(query: string): string[] {
  return foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 20);
}
