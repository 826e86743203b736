import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { queryTerms } from '../lib/fold-text.js';

/**
 * A prefix match on every folded word ("caerd" finds "Caerdydd"). Terms hold only
 * letters and digits after folding, so the tsquery text cannot be malformed;
 * it is still passed as a parameter.
 */
export function matchesSearch(vector: AnyPgColumn | SQL, query: string): SQL | undefined {
  const terms = queryTerms(query);
  if (terms.length === 0) return sql`false`;
  const tsquery = terms.map((t) => `${t}:*`).join(' & ');
  return sql`${vector} @@ to_tsquery('simple'::regconfig, ${tsquery})`;
}
