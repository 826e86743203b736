import type { Member } from '@oneteamgov/schema';
import type { createTestApp } from './test-app.js';

type TestApp = ReturnType<typeof createTestApp>;

/** Raw JSON requests with a key, for tests that look at statuses and headers. */
export function keyedRequests(t: TestApp, secret: string | null) {
  const send = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.fetch(`http://hub.test${path}`, {
      method,
      headers: {
        ...(secret ? { authorization: `Bearer ${secret}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    send,
    /** Adds a member and fails loudly when that does not answer 201. */
    async addMember(chapterId: string, input: Record<string, unknown>): Promise<Member> {
      const response = await send('POST', `/v1/chapters/${chapterId}/members`, input);
      if (response.status !== 201)
        throw new Error(`adding a member answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Member;
    },
  };
}

/** A response body for a test to assert on, shape unchecked (the assertions check it). */
// biome-ignore lint/suspicious/noExplicitAny: the test's own expectations check the shape
export const json = (response: Response): Promise<any> => response.json();
