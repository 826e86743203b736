/**
 * PostgreSQL cannot store a NUL character or an unpaired UTF-16 surrogate in
 * text or jsonb; a query carrying one fails, which would surface as a 500.
 * With the `u` flag a lone surrogate matches \p{Cs}, while a valid pair forms
 * one code point and does not.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * The JSON pointer of the first string (value or key) in `value` that
 * PostgreSQL could not store, or undefined. Iterative, so a deeply nested
 * document cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, pointer] = stack.pop()!;
    if (typeof current === 'string') {
      if (unstorable(current)) return pointer;
    } else if (Array.isArray(current)) {
      for (const [i, item] of current.entries()) stack.push([item, `${pointer}/${i}`]);
    } else if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (unstorable(key)) return at;
        stack.push([item, at]);
      }
    }
  }
  return undefined;
}
