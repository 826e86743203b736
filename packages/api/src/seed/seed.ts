import { count, eq } from 'drizzle-orm';
import { chapters, eventSeries, events } from '../db/schema/index.js';
import { searchTextOf } from '../lib/fold-text.js';
import { recordAudit } from '../services/audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../services/context.js';
import { prepareEventRow } from '../services/events/event-row.js';
import { saveEvents } from '../services/events/persist-events.js';
import { materializeSeries } from '../services/series/materialize-series.js';
import { DEMO_CHAPTERS } from './chapters.js';
import { DEMO_TAG, demoEvents, northSeries } from './demo-events.js';

export async function isEmpty(ctx: ServiceCtx): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(chapters);
  return (row?.n ?? 0) === 0;
}

async function hasDemoEvents(ctx: ServiceCtx): Promise<boolean> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(events)
    .where(eq(events.sourceKind, 'demo'));
  return (row?.n ?? 0) > 0;
}

/**
 * Loads the demo chapters, events and the North monthly series. Demo events are
 * dated relative to today, so once any are present a later run adds none (it
 * would otherwise add a second, shifted set); chapters already present are kept.
 */
export async function seedDemoData(ctx: ServiceCtx, origin: string) {
  const now = ctx.now();
  if (await hasDemoEvents(ctx)) return { chapters: 0, events: 0, series: null };
  const chapterRows = DEMO_CHAPTERS.map((c) => ({
    ...c,
    origin,
    searchText: searchTextOf(c.name, c.description, c.locality ?? undefined),
  }));
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    // Parents first so the self-reference holds.
    const ordered = [...chapterRows].sort((a, b) => Number(!!a.parentId) - Number(!!b.parentId));
    await tx.insert(chapters).values(ordered).onConflictDoNothing();
    const byId = new Map(ordered.map((c) => [c.id, c]));
    const rows = demoEvents(ordered, now, origin).map((row) =>
      prepareEventRow(row, byId.get(row.chapterId) ?? { country: null }),
    );
    const written = (await saveEvents(w, rows)).length;
    const north = northSeries(now);
    await tx
      .insert(eventSeries)
      .values({
        id: north.id,
        chapterId: north.chapterId,
        rrule: north.rrule,
        startLocal: north.startLocal,
        timeZone: north.timeZone,
        durationMinutes: north.durationMinutes,
        template: {
          title: north.title,
          summary: north.summary,
          inLanguage: ['en'],
          attendanceMode: 'inPerson',
          venue: {
            name: 'Community hub (demo venue)',
            address: '8 Example Street',
            locality: 'Leeds',
            postalCode: null,
            country: 'GB',
            lat: 53.7997,
            lng: -1.5492,
            addressVisibility: 'public',
          },
          registrationUrl: 'https://tickets.example.org/otg-north-monthly',
          capacity: 25,
          tags: ['meetup', DEMO_TAG],
          principles: ['work-across-borders', 'take-practical-action'],
          accessibility: { features: ['stepFreeAccess'], notes: null },
          sourceKind: 'demo',
          originInstance: origin,
        },
      })
      .onConflictDoNothing();
    const series = await materializeSeries(w, north.id);
    await recordAudit(w, {
      action: 'demo.seed',
      targetType: 'instance',
      targetId: origin.slice(0, 100),
      chapterId: null,
    });
    return { chapters: chapterRows.length, events: written, series };
  });
}
