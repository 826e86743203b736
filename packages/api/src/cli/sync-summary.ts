import type { SyncRun } from '@oneteamgov/schema';
import type { getSourceDetail } from '../services/sources/read-sources.js';
import { ICS_WINDOW } from '../sync/run-sync.js';

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * What a sync did and, above all, what it left out and why: rejected items
 * grouped by reason, removals held for review, and for calendars the import
 * window outside which events are not read at all.
 */
export function syncSummary(
  source: Awaited<ReturnType<typeof getSourceDetail>>,
  run: SyncRun,
): string[] {
  const c = run.counts;
  const lines = [
    `${source.id}: ${run.outcome}${run.httpStatus ? ` (HTTP ${run.httpStatus})` : ''}`,
    `  fetched ${c.fetched}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, removed ${c.removed}`,
  ];
  if (run.error) lines.push(`  failed: ${run.error} (no event was changed)`);
  if (source.kind === 'ics') {
    const started = new Date(run.startedAt);
    const from = new Date(started.getTime() - ICS_WINDOW.pastDays * DAY_MS);
    const to = new Date(started.getTime() + ICS_WINDOW.futureDays * DAY_MS);
    lines.push(
      `  skipped: events outside the import window ${day(from)} to ${day(to)} (${ICS_WINDOW.pastDays} days back, ${ICS_WINDOW.futureDays} ahead) are not read; repeating events are expanded inside it only`,
    );
  }
  if (c.rejected > 0) {
    lines.push(`  skipped: ${c.rejected} rejected, by reason:`);
    const byReason = new Map<string, number>();
    for (const r of run.rejections) {
      // Reasons carry item-specific detail after a colon; group on the kind.
      const kind = r.reason.split(':')[0]!.trim();
      byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
    }
    for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1])) {
      lines.push(`    ${n} × ${reason}`);
    }
  }
  if (c.held > 0 || run.outcome === 'held') {
    lines.push(
      `  held: ${c.held} removals wait for review (the feed lost most of its events); apply them with \`otg-hub sources approve ${source.id}\``,
    );
  }
  if (run.outcome === 'notModified') lines.push('  the feed has not changed since the last sync');
  return lines;
}
