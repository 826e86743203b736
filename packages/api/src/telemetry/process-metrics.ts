import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { poolUse } from './pool-use.js';

/**
 * Metrics of the process rather than of one HTTP app: the workers, the
 * database pool, rate-limit refusals and Node itself. One registry per process,
 * so `serve` with inline workers and `otg-hub worker` report the same names.
 * Counting is a few integer additions; nothing is exposed until a scrape
 * endpoint is configured (METRICS_TOKEN on the API, METRICS_PORT on a worker).
 */
export const processRegistry = new Registry();

export const syncRunsTotal = new Counter({
  name: 'sync_runs_total',
  help: 'Source sync runs recorded, by outcome (success, notModified, held, failed, ...)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const webhookDeliveriesTotal = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts, by what each led to: succeeded, retrying (failed, will be retried) or failed (given up)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const rateLimitRejectionsTotal = new Counter({
  name: 'http_rate_limit_rejections_total',
  help: 'Requests refused with 429 because a budget was spent, by budget (anonymous, key, or failedAuth: an address locked out after failed authentications)',
  labelNames: ['budget'] as const,
  registers: [processRegistry],
});

// Known outcomes start at zero, so a rate() or an alert works before the first one happens.
for (const outcome of ['success', 'notModified', 'held', 'failed', 'interrupted']) {
  syncRunsTotal.inc({ outcome }, 0);
}
for (const outcome of ['succeeded', 'retrying', 'failed']) {
  webhookDeliveriesTotal.inc({ outcome }, 0);
}
for (const budget of ['anonymous', 'key', 'failedAuth'])
  rateLimitRejectionsTotal.inc({ budget }, 0);

new Gauge({
  name: 'db_pool_connections_in_use',
  help: 'Database connections busy with a query or a transaction now (summed over the pools this process opened)',
  registers: [processRegistry],
  collect() {
    this.set(poolUse().inUse);
  },
});

new Gauge({
  name: 'db_pool_connections_max',
  help: 'Database connections this process may open (DATABASE_POOL_SIZE; 1 for the embedded database)',
  registers: [processRegistry],
  collect() {
    this.set(poolUse().max);
  },
});

new Gauge({
  name: 'db_pool_queries_waiting',
  help: 'Queries and transactions waiting for a free database connection',
  registers: [processRegistry],
  collect() {
    this.set(poolUse().waiting);
  },
});

let defaultsOn = false;

/**
 * Node's own metrics (CPU, memory, GC, `nodejs_eventloop_lag_seconds`), started
 * once, when the first scrape endpoint is set up: the event-loop monitor costs
 * a timer, which a process nobody scrapes need not pay.
 */
export function collectNodeMetrics(): Registry {
  if (!defaultsOn) {
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
    defaultsOn = true;
  }
  return processRegistry;
}
