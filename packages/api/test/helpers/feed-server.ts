import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FeedHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real HTTP server on loopback whose answer each test sets: a calendar, an
 * error status, an HTML page, a stalled response… It counts requests so tests
 * can tell that a conditional GET was made.
 */
export async function startFeedServer() {
  let handler: FeedHandler = (_req, res) => res.writeHead(404).end();
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    set(next: FeedHandler) {
      handler = next;
    },
    /** Serves a calendar with an ETag and answers 304 when the client sends it back. */
    serveCalendar(body: string, etag = `"${body.length}-${hash(body)}"`) {
      handler = (req, res) => {
        if (req.headers['if-none-match'] === etag)
          return void res.writeHead(304, { ETag: etag }).end();
        res
          .writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', ETag: etag })
          .end(body);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

/** A small calendar written for the tests: `events` single VEVENTs a week apart from `start`. */
export function calendar(
  events: { uid: string; title: string; start: Date; status?: string; extra?: string }[],
): string {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Feed//EN',
    'X-WR-CALNAME:Test chapter',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp(new Date('2026-01-01T00:00:00Z'))}`,
      `DTSTART:${stamp(e.start)}`,
      `DTEND:${stamp(new Date(e.start.getTime() + 3_600_000))}`,
      `SUMMARY:${e.title}`,
      ...(e.status ? [`STATUS:${e.status}`] : []),
      ...(e.extra ? e.extra.split('\n') : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
