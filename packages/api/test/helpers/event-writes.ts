import { isApiError } from '@oneteamgov/sdk';
import { expect } from 'vitest';
import type { createTestApp } from './test-app.js';

type TestApp = ReturnType<typeof createTestApp>;

const DAY = 86_400_000;

/** A valid online event a week (or `daysAhead`) from now, one hour long. */
export function eventBody(overrides: Record<string, unknown> = {}, daysAhead = 7) {
  const start = new Date(Math.floor((Date.now() + daysAhead * DAY) / 60_000) * 60_000);
  return {
    title: { en: 'Breakfast meetup' },
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/London',
    attendanceMode: 'online' as const,
    onlineUrl: 'https://meet.example.org/otg',
    ...overrides,
  };
}

/** The last entry the change feed holds for a record, walking it from the start. */
export async function lastChange(t: TestApp, id: string) {
  let last: { id: string; state: string; data: unknown } | undefined;
  for await (const change of t.client.paginate('/v1/changes', {
    params: { query: { limit: 100 } },
  })) {
    if (change.id === id) last = change;
  }
  return last;
}

/** Awaits a call that must fail and returns its status and problem body. */
export async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isApiError(error)) throw new Error(`expected an API error, got ${String(error)}`);
  expect(error.headers.get('content-type')).toContain('application/problem+json');
  return { status: error.status, problem: error.problem! };
}

/** The VEVENT block for `id` in an iCalendar document (unfolded). */
export function vevent(ics: string, id: string): string {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const block = unfolded
    .split('BEGIN:VEVENT')
    .slice(1)
    .find((b) => b.includes(`UID:${id}@`));
  if (!block) throw new Error(`no VEVENT for ${id}`);
  return block.split('END:VEVENT')[0]!;
}
