/**
 * A raw HTTP call to the test app, for asserting statuses, headers and problem
 * bodies exactly as a client sees them (still checked against the OpenAPI document).
 */
export function rawCaller(t: { fetch: (input: string, init?: RequestInit) => Promise<Response> }) {
  return async (
    method: string,
    path: string,
    options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.fetch(`http://hub.test${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
    const body: any = text ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, body, text };
  };
}
