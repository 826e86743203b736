import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { withTransaction } from '../../src/services/context.js';
import { prepareEventRow } from '../../src/services/events/event-row.js';
import { gateImports } from '../../src/services/moderation/hold-imports.js';
import { createEvent } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';
import type { createTestApp } from '../helpers/test-app.js';

export interface Fixtures {
  t: ReturnType<typeof createTestApp>;
  adminSecret: string;
  /** Every target object belongs to chapter A. */
  chapterA: string;
  chapterB: string;
  /** For targets only a sync can make (imported events, held imports). */
  db: Db;
}

export interface OperationRequest {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** When an authorized caller's correct answer is not 2xx (e.g. 409 for nothing to approve). */
  authorizedStatus?: number;
}

const suffix = () => randomBytes(4).toString('hex');
const inOneWeek = () => new Date(Date.now() + 7 * 86_400_000);

export const onlineEvent = (title = 'Matrix event') => {
  const startsAt = inOneWeek();
  return {
    title: { en: title },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/London',
    attendanceMode: 'online',
    onlineUrl: 'https://meet.example.org/otg',
  };
};

/** Calls the API as an admin to set up a target; fails loudly if set-up itself fails. */
async function asAdmin<T>(f: Fixtures, method: string, path: string, body?: unknown): Promise<T> {
  const res = await f.t.fetch(`http://hub.test${path}`, {
    method,
    headers: {
      authorization: `Bearer ${f.adminSecret}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300)
    throw new Error(`set-up ${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const fresh = {
  webhook: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', '/v1/webhooks', {
      url: 'https://hooks.example.org/otg',
      events: ['event.created'],
      chapters: [f.chapterA],
    }),
  delivery: async (f: Fixtures) => {
    const hook = await fresh.webhook(f);
    const delivery = await asAdmin<{ id: string }>(f, 'POST', `/v1/webhooks/${hook.id}/test`);
    return { hook, delivery };
  },
  event: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', `/v1/chapters/${f.chapterA}/events`, onlineEvent()),
  series: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', `/v1/chapters/${f.chapterA}/series`, {
      rrule: 'FREQ=MONTHLY;BYDAY=3TU;COUNT=3',
      startLocal: '2030-01-15T18:00',
      timeZone: 'Europe/London',
      durationMinutes: 90,
      event: { title: { en: 'Matrix series' }, attendanceMode: 'online' },
    }),
  member: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', `/v1/chapters/${f.chapterA}/members`, {
      name: 'Matrix Member',
      email: `matrix-${suffix()}@example.org`,
    }),
  source: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', `/v1/chapters/${f.chapterA}/sources`, {
      kind: 'ics',
      url: `https://calendar.example.org/${suffix()}.ics`,
    }),
  importedEvent: (f: Fixtures) =>
    createEvent(f.db, { id: f.chapterA }, { sourceKind: 'ics', sourceId: `matrix-${suffix()}` }),
  /** A new import of a source under review, waiting in the queue. */
  heldItem: async (f: Fixtures) => {
    const source = await asAdmin<{ id: string }>(f, 'POST', `/v1/chapters/${f.chapterA}/sources`, {
      kind: 'ics',
      url: `https://calendar.example.org/${suffix()}.ics`,
      review: true,
    });
    const startsAt = inOneWeek();
    const row = prepareEventRow(
      {
        id: `matrix-held-${suffix()}`,
        chapterId: f.chapterA,
        title: { en: 'Matrix held import' },
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        timeZone: 'Europe/London',
        attendanceMode: 'online',
        onlineUrl: 'https://meet.example.org/otg',
        sourceKind: 'ics',
        sourceId: source.id,
        upstreamUid: `held-${suffix()}@matrix`,
        originInstance: 'https://hub.test.example',
      },
      {},
    );
    await withTransaction(testCtx(f.db), (w) =>
      gateImports(w, { sourceId: source.id, incoming: [{ row, isNew: true }] }),
    );
    const queue = await asAdmin<{ data: { id: string }[] }>(
      f,
      'GET',
      `/v1/moderation?source=${source.id}`,
    );
    return queue.data[0]!;
  },
  key: (f: Fixtures) =>
    asAdmin<{ id: string }>(f, 'POST', '/v1/keys', {
      name: 'matrix target',
      grants: [{ scope: 'events:write', chapterId: f.chapterA }],
    }),
};

type Builder = (f: Fixtures) => Promise<OperationRequest> | OperationRequest;

/**
 * A valid request for every operation, aimed at chapter A. The matrix fails for
 * an operation missing here, so a new endpoint cannot escape it.
 */
export const BUILDERS: Record<string, Builder> = {
  // Public reads
  getHealth: () => ({ path: '/healthz' }),
  getReadiness: () => ({ path: '/readyz' }),
  listPrinciples: () => ({ path: '/v1/principles' }),
  listChapters: () => ({ path: '/v1/chapters' }),
  getChapter: (f) => ({ path: `/v1/chapters/${f.chapterA}` }),
  listEvents: () => ({ path: '/v1/events' }),
  getEvent: async (f) => ({ path: `/v1/events/${(await fresh.event(f)).id}` }),
  listChapterEvents: (f) => ({ path: `/v1/chapters/${f.chapterA}/events` }),
  getEventsCalendar: () => ({ path: '/v1/events.ics' }),
  getChapterCalendar: (f) => ({ path: `/v1/chapters/${f.chapterA}/events.ics` }),
  getEventCalendar: async (f) => ({ path: `/v1/events/${(await fresh.event(f)).id}/event.ics` }),
  listChanges: () => ({ path: '/v1/changes' }),
  getInstanceDescriptor: () => ({ path: '/.well-known/oneteamgov' }),
  listSources: () => ({ path: '/v1/sources' }),
  getSource: async (f) => ({ path: `/v1/sources/${(await fresh.source(f)).id}` }),
  getSeries: async (f) => ({ path: `/v1/series/${(await fresh.series(f)).id}` }),
  getChapterMembership: (f) => ({ path: `/v1/chapters/${f.chapterA}/membership` }),
  getFederationMembership: () => ({ path: '/v1/membership' }),
  // Admin
  createChapter: () => ({
    path: '/v1/chapters',
    body: {
      id: `matrix-${suffix()}`,
      name: { en: 'Matrix chapter' },
      kind: 'local',
      timeZone: 'Europe/London',
      languages: ['en'],
    },
  }),
  createKey: (f) => ({
    path: '/v1/keys',
    body: { name: 'matrix', grants: [{ scope: 'members:read', chapterId: f.chapterA }] },
  }),
  listKeys: () => ({ path: '/v1/keys' }),
  getCurrentKey: () => ({ path: '/v1/keys/current' }),
  getKey: async (f) => ({ path: `/v1/keys/${(await fresh.key(f)).id}` }),
  revokeKey: async (f) => ({ path: `/v1/keys/${(await fresh.key(f)).id}` }),
  listAudit: () => ({ path: '/v1/audit' }),
  // Chapter A's profile, events and series
  updateChapter: (f) => ({
    path: `/v1/chapters/${f.chapterA}`,
    body: { locality: `Matrix ${suffix()}` },
  }),
  createEvent: (f) => ({ path: `/v1/chapters/${f.chapterA}/events`, body: onlineEvent() }),
  putEventByExternalId: (f) => ({
    path: `/v1/chapters/${f.chapterA}/events/external/ext-${suffix()}`,
    body: onlineEvent('Matrix external'),
  }),
  updateEvent: async (f) => ({
    path: `/v1/events/${(await fresh.event(f)).id}`,
    body: { status: 'cancelled' },
  }),
  deleteEvent: async (f) => ({ path: `/v1/events/${(await fresh.event(f)).id}` }),
  createSeries: (f) => ({
    path: `/v1/chapters/${f.chapterA}/series`,
    body: {
      rrule: 'FREQ=WEEKLY;COUNT=2',
      startLocal: '2030-03-04T12:00',
      timeZone: 'Europe/Stockholm',
      durationMinutes: 60,
      event: { title: { en: 'Matrix weekly' }, attendanceMode: 'online' },
    },
  }),
  updateSeries: async (f) => ({
    path: `/v1/series/${(await fresh.series(f)).id}`,
    body: { durationMinutes: 120 },
  }),
  deleteSeries: async (f) => ({ path: `/v1/series/${(await fresh.series(f)).id}` }),
  // Chapter A's sources
  createSource: (f) => ({
    path: `/v1/chapters/${f.chapterA}/sources`,
    body: { kind: 'ics', url: `https://calendar.example.org/${suffix()}.ics` },
  }),
  updateSource: async (f) => ({
    path: `/v1/sources/${(await fresh.source(f)).id}`,
    body: { intervalMinutes: 30 },
  }),
  deleteSource: async (f) => ({ path: `/v1/sources/${(await fresh.source(f)).id}` }),
  syncSource: async (f) => ({ path: `/v1/sources/${(await fresh.source(f)).id}/sync` }),
  // A source with no held run: authorized callers learn there is nothing to approve (409).
  approveSource: async (f) => ({
    path: `/v1/sources/${(await fresh.source(f)).id}/approve`,
    authorizedStatus: 409,
  }),
  // Moderating chapter A's events
  listModeration: (f) => ({ path: `/v1/moderation?chapter=${f.chapterA}` }),
  listHiddenEvents: (f) => ({ path: `/v1/moderation/hidden?chapter=${f.chapterA}` }),
  approveModerationItem: async (f) => ({
    path: `/v1/moderation/${(await fresh.heldItem(f)).id}/approve`,
  }),
  rejectModerationItem: async (f) => ({
    path: `/v1/moderation/${(await fresh.heldItem(f)).id}/reject`,
  }),
  hideEvent: async (f) => ({
    path: `/v1/events/${(await fresh.event(f)).id}/hide`,
    body: { reason: 'Matrix: spam' },
  }),
  unhideEvent: async (f) => {
    const { id } = await fresh.event(f);
    await asAdmin(f, 'POST', `/v1/events/${id}/hide`, { reason: 'Matrix: spam' });
    return { path: `/v1/events/${id}/unhide` };
  },
  takeOverEvent: async (f) => ({
    path: `/v1/events/${(await fresh.importedEvent(f)).id}/take-over`,
  }),
  // Chapter A's members
  listMembers: (f) => ({ path: `/v1/chapters/${f.chapterA}/members` }),
  createMember: (f) => ({
    path: `/v1/chapters/${f.chapterA}/members`,
    body: { name: 'New Member', email: `new-${suffix()}@example.org` },
  }),
  importMembers: (f) => ({
    path: `/v1/chapters/${f.chapterA}/members/import`,
    body: { members: [{ name: 'Imported', email: `imp-${suffix()}@example.org` }] },
  }),
  getMember: async (f) => ({ path: `/v1/members/${(await fresh.member(f)).id}` }),
  updateMember: async (f) => ({
    path: `/v1/members/${(await fresh.member(f)).id}`,
    body: { organisation: 'Cabinet Office' },
  }),
  deleteMember: async (f) => ({ path: `/v1/members/${(await fresh.member(f)).id}` }),
  eraseMember: async (f) => ({ path: `/v1/members/${(await fresh.member(f)).id}/erasure` }),
  exportMember: async (f) => ({ path: `/v1/members/${(await fresh.member(f)).id}/export` }),
  recordMemberConsent: async (f) => ({
    path: `/v1/members/${(await fresh.member(f)).id}/consents/publicProfile`,
    body: { granted: true, noticeVersion: '2026-01' },
  }),
  // Webhook endpoints listening to chapter A
  createWebhook: (f) => ({
    path: '/v1/webhooks',
    body: {
      url: 'https://hooks.example.org/new',
      events: ['event.created'],
      chapters: [f.chapterA],
    },
  }),
  listWebhooks: (f) => ({ path: `/v1/webhooks?chapter=${f.chapterA}` }),
  getWebhook: async (f) => ({ path: `/v1/webhooks/${(await fresh.webhook(f)).id}` }),
  updateWebhook: async (f) => ({
    path: `/v1/webhooks/${(await fresh.webhook(f)).id}`,
    body: { description: 'Newsletter' },
  }),
  deleteWebhook: async (f) => ({ path: `/v1/webhooks/${(await fresh.webhook(f)).id}` }),
  rotateWebhookSecret: async (f) => ({
    path: `/v1/webhooks/${(await fresh.webhook(f)).id}/rotate-secret`,
  }),
  testWebhook: async (f) => ({ path: `/v1/webhooks/${(await fresh.webhook(f)).id}/test` }),
  listWebhookDeliveries: async (f) => ({
    path: `/v1/webhooks/${(await fresh.webhook(f)).id}/deliveries`,
  }),
  retryWebhookDelivery: async (f) => {
    const { hook, delivery } = await fresh.delivery(f);
    return { path: `/v1/webhooks/${hook.id}/deliveries/${delivery.id}/retry` };
  },
};

export async function requestFor(operationId: string, f: Fixtures): Promise<OperationRequest> {
  const build = BUILDERS[operationId];
  if (!build) throw new Error(`No request for operation ${operationId}: add one to BUILDERS`);
  return build(f);
}
