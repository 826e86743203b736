/** RFC 8288 `Link: <…>; rel="next"` for the page after this one. */
export function nextLink(requestUrl: string, nextCursor: string | null): string | undefined {
  if (!nextCursor) return undefined;
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', nextCursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}
