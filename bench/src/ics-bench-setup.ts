/**
 * What the iCalendar benchmarks share: the generated feed and a fresh bench
 * database holding the chapter its source belongs to.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../packages/api/src/db/client.js';
import { chapters } from '../../packages/api/src/db/schema/index.js';
import { systemCtx } from '../../packages/api/src/services/context.js';
import { upsertSource } from '../../packages/api/src/services/sources/manage-sources.js';

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DB_NAME = 'otg_bench_ics';
const MIGRATIONS = fileURLToPath(new URL('../../packages/api/drizzle', import.meta.url));

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00Z`;

/** `count` VEVENTs from today on; one in ten is a weekly series of four with an EXDATE. */
export function feed(count: number, changedTitle?: string, descriptionBytes = 0): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', 'X-WR-CALNAME:Bench'];
  const base = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate() + 1,
    17,
  );
  for (let n = 0; n < count; n++) {
    const start = new Date(base + (n % 300) * 86_400_000 + (n % 7) * 3_600_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:bench-${n}@example.org`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 5_400_000))}`,
      // Event 1 is a one-off (every tenth is a series), so changing it is one row.
      `SUMMARY:${n === 1 && changedTitle ? changedTitle : `Bench event ${n}`}`,
      `DESCRIPTION:Event number ${n} of the benchmark feed.${' Agenda and notes.'.repeat(Math.ceil(descriptionBytes / 17))}`,
      'LOCATION:Community hall',
    );
    if (n % 10 === 0) {
      lines.push(
        'RRULE:FREQ=WEEKLY;COUNT=4',
        `EXDATE:${stamp(new Date(start.getTime() + 7 * 86_400_000))}`,
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/** Sets up a fresh database with the bench chapter. */
export async function benchDatabase(name: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), migrationsFolder: MIGRATIONS });
  await database.migrate();
  await database.db.insert(chapters).values({
    id: 'bench',
    name: { en: 'Bench chapter' },
    kind: 'local',
    timeZone: 'Europe/London',
    languages: ['en'],
    origin: 'https://bench.example',
  });
  return database;
}

/**
 * Serves `body()` (asked again on every request, so a bench can change the
 * feed between syncs) on a loopback port and registers it as each of
 * `sourceIds` (by default `bench-feed`), sources of the bench chapter. Returns
 * a function that stops serving.
 */
export async function serveBenchFeed(
  database: Database,
  body: () => string,
  sourceIds: readonly string[] = ['bench-feed'],
) {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(body()),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
  for (const id of sourceIds) {
    await upsertSource(
      systemCtx(database.db, 'https://bench.example', () => new Date()),
      { id, chapterId: 'bench', kind: 'ics', url: feedUrl },
    );
  }
  return () => server.close();
}
