import type { Event, FetchLike } from '../src/index.js';

/* An in-memory fake server: a tiny router that answers with real Response objects. */

export type Handler = (
  req: Request,
  ctx: { attempt: number; init: RequestInit },
) => Response | Promise<Response>;

export function fakeServer(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  const hits = new Map<string, number>();
  const compiled = Object.entries(routes).map(([route, handler]) => {
    const [method, pattern] = route.split(' ') as [string, string];
    return {
      route,
      method,
      re: new RegExp(`^${pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      handler,
    };
  });
  const fetch: FetchLike = async (url, init) => {
    const req = new Request(url, init);
    requests.push(req);
    const { pathname } = new URL(req.url);
    const match = compiled.find((r) => r.method === req.method && r.re.test(pathname));
    if (!match) return problem(404, 'not_found');
    const attempt = (hits.get(match.route) ?? 0) + 1;
    hits.set(match.route, attempt);
    return match.handler(req, { attempt, init });
  };
  return { fetch, requests, attempts: () => requests.length };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

export const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({
      type: `https://oneteamgov.org/problems/${code}`,
      title: code.replace(/_/g, ' '),
      status,
      code,
      requestId: 'req-from-body',
    }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  );

/** A fetch that never answers until its signal aborts (then rejects like real fetch). */
export const hang: Handler = (_req, { init }) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

export const event = (id: string): Event => ({
  id,
  chapterId: 'wales',
  title: { en: `Event ${id}`, cy: `Digwyddiad ${id}` },
  summary: null,
  description: null,
  inLanguage: ['cy', 'en'],
  startsAt: '2026-07-21T17:00:00Z',
  endsAt: '2026-07-21T19:00:00Z',
  timeZone: 'Europe/London',
  localStartsAt: '2026-07-21T18:00:00+01:00',
  localEndsAt: '2026-07-21T20:00:00+01:00',
  allDay: false,
  status: 'scheduled',
  previousStartsAt: null,
  attendanceMode: 'online',
  venue: null,
  onlineUrl: 'https://meet.example.org/otg',
  registrationUrl: null,
  capacity: null,
  tags: ['meetup'],
  principles: ['work-in-the-open'],
  accessibility: { features: ['liveCaptions'], notes: null },
  series: null,
  provenance: {
    sourceKind: 'push',
    sourceId: null,
    upstreamUid: null,
    originInstance: 'https://hub.oneteamgov.org',
    lastSeenAt: null,
  },
  sequence: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** A version 4 UUID, as generated for `Idempotency-Key`. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
