import { type ClientRequest, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request's fate, with when it started and ended (ms, performance.now()). */
export interface Probe {
  started: number;
  ended: number;
  status: number;
  code?: string;
}

/**
 * `clients` loops each requesting `url` back to back until stopped, recording
 * every answer (status 0 for a network error). What the outage figures are made of.
 */
export function loadLoop(url: string, clients: number) {
  const probes: Probe[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        probes.push({
          started,
          ended: performance.now(),
          status: response.status,
          ...(body.code ? { code: body.code } : {}),
        });
      } catch {
        probes.push({ started, ended: performance.now(), status: 0 });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    probes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Requests `url` one after another every `everyMs`, recording each latency: a health prober. */
export function prober(url: string, everyMs: number) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await (await fetch(url)).arrayBuffer();
        latencies.push(performance.now() - started);
      } catch {
        latencies.push(Number.NaN);
      }
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    latencies,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * `count` POSTs held in flight: headers and half the body sent, the rest only
 * when `finish()` is called. Resolves each with its status, or 0 when the
 * connection was reset (a dropped request).
 */
export async function holdInFlight(url: URL, secret: string, count: number) {
  const body = Buffer.from(
    JSON.stringify({
      title: { en: 'Published while the server drains' },
      startsAt: '2031-05-01T09:00:00Z',
      endsAt: '2031-05-01T10:00:00Z',
      timeZone: 'Europe/London',
      attendanceMode: 'online',
      onlineUrl: 'https://meet.example.org/drain',
    }),
  );
  const half = Math.floor(body.length / 2);
  const held: { req: ClientRequest; answer: Promise<number> }[] = [];
  for (let i = 0; i < count; i++) {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${secret}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
    });
    const answer = new Promise<number>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
    });
    await new Promise<void>((resolve) => req.write(body.subarray(0, half), () => resolve()));
    held.push({ req, answer });
  }
  return {
    finish: () => {
      for (const h of held) h.req.end(body.subarray(half));
      return Promise.all(held.map((h) => h.answer));
    },
  };
}

/** `events` one-off VEVENTs of a few lines each: a large feed in bytes that is mostly events. */
export function shortEventsCalendar(events: number): string {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const base = Date.now() + 86_400_000;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench faults//EN'];
  for (let n = 0; n < events; n++) {
    const start = new Date(base + (n % 300) * 86_400_000 + (n % 9) * 3_600_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:faults-${n}@example.org`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 5_400_000))}`,
      `SUMMARY:Fault bench event ${n}`,
      `LOCATION:Room ${n % 40}\\, Civic Centre`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/** A loopback server answering one large calendar (built once) to every request. */
export async function serveCalendar(events: number) {
  const body = Buffer.from(shortEventsCalendar(events));
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`,
    bytes: body.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
