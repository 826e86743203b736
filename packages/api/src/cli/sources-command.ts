import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { type Config, publicUrlOf } from '../config.js';
import { removeSource, upsertSource } from '../services/sources/manage-sources.js';
import { getSourceDetail, listSources } from '../services/sources/read-sources.js';
import { syncDepsFrom } from '../sync/sync-deps.js';
import { createWorker } from '../sync/worker.js';
import { missingFlags } from './operator-errors.js';
import { printSummary, withProgress } from './progress.js';
import { syncSummary } from './sync-summary.js';
import { SOURCES_USAGE } from './usage.js';
import { cliCtx, withDatabase } from './with-database.js';

/** The operator's admin commands for feed sources. Output is JSON on stdout. */
export async function sourcesCommand(
  args: string[],
  config: Config,
  logger: Logger,
  migrationsFolder: string,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      chapter: { type: 'string' },
      kind: { type: 'string' },
      url: { type: 'string' },
      interval: { type: 'string' },
      events: { type: 'string' },
    },
  });
  // Checked before the database is opened, so a forgotten flag is named at once.
  const missing =
    action === 'add'
      ? (['id', 'chapter', 'kind', 'url'] as const)
          .filter((flag) => !values[flag])
          .map((flag) => `--${flag}`)
      : ['show', 'remove', 'sync', 'approve'].includes(action ?? '') && !positionals[0]
        ? ['ID']
        : [];
  if (missing.length > 0) throw missingFlags(`sources ${action}`, missing, SOURCES_USAGE);
  return withDatabase(config, migrationsFolder, async (database) => {
    const ctx = cliCtx(database.db, config);
    const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
    switch (action) {
      case 'list':
        print(await listSources(ctx, { chapter: values.chapter }));
        return 0;
      case 'add': {
        if (
          !values.id ||
          !values.chapter ||
          !values.url ||
          (values.kind !== 'ics' && values.kind !== 'instance')
        ) {
          console.error(`Usage:\n${SOURCES_USAGE}`);
          return 2;
        }
        await upsertSource(ctx, {
          id: values.id,
          chapterId: values.chapter,
          kind: values.kind,
          url: values.url,
          intervalMinutes: values.interval ? Number(values.interval) : undefined,
        });
        print(await getSourceDetail(ctx, values.id));
        return 0;
      }
      case 'show':
        print(await getSourceDetail(ctx, positionals[0] ?? ''));
        return 0;
      case 'remove': {
        if (values.events !== undefined && values.events !== 'keep' && values.events !== 'remove') {
          console.error(`Usage:\n${SOURCES_USAGE}`);
          return 2;
        }
        await removeSource(ctx, positionals[0] ?? '', { events: values.events ?? 'keep' });
        return 0;
      }
      case 'sync':
      case 'approve': {
        const worker = createWorker(
          syncDepsFrom(config, database.db, logger, publicUrlOf(config)),
          { pollMs: 1000, leaseMs: config.SYNC_LEASE_SECONDS * 1000 },
        );
        const id = positionals[0] ?? '';
        const run = await withProgress(`syncing ${id}`, () =>
          worker.syncNow(id, { allowMassRemoval: action === 'approve' }),
        );
        if (!run) {
          console.error('That source does not exist or another worker is syncing it right now.');
          return 1;
        }
        print(run);
        // The recorded run carries the rejections the summary groups by reason.
        const detail = await getSourceDetail(ctx, id);
        const recorded = detail.recentRuns.find((r) => r.id === run.runId);
        if (recorded) printSummary(syncSummary(detail, recorded));
        return run.outcome === 'failed' ? 1 : 0;
      }
      default:
        console.error(`Unknown sources action "${action ?? ''}".\n${SOURCES_USAGE}`);
        return 2;
    }
  });
}
