import { Id } from '@oneteamgov/schema';

/**
 * The ids a stored response is about: the path's id segments and the `id` of the
 * returned object. Bodies are sealed, so erasure finds a member's stored
 * responses through this list instead of reading them.
 */
export function subjectsOf(pathname: string, body: string): string[] {
  const ids = new Set(
    pathname
      .split('/')
      .filter((segment) => segment && segment !== 'v1' && Id.safeParse(segment).success),
  );
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') {
      ids.add(parsed.id);
    }
  } catch {
    // Not JSON (an empty 204, a calendar): the path is all there is.
  }
  return [...ids].slice(0, 20);
}
