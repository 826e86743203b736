import { z } from 'zod';
import { LIMITS } from './primitives.js';

export const Cursor = z
  .string()
  .min(1)
  .max(LIMITS.cursor)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page')
  .meta({ description: 'Opaque cursor from `nextCursor` of the previous page' });

/** A keyset-paginated page: `{ data, nextCursor }`. */
export function page<T extends z.ZodType>(item: T, id: string, description: string) {
  return z
    .object({
      data: z.array(item).max(LIMITS.pageSize),
      nextCursor: z.string().max(LIMITS.cursor).nullable().meta({
        description: 'Pass as `cursor` to get the next page; null on the last page',
      }),
    })
    .meta({ id, description });
}
