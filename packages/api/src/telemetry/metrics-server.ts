import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CACHING, cacheControl } from '../lib/cache.js';
import { bearerMatches } from '../lib/metrics.js';
import { collectNodeMetrics } from './process-metrics.js';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>` here too. */
  token?: string | undefined;
  logger: Logger;
  /** What a scrape reports; the process's metrics unless told (the API adds its HTTP metrics). */
  exposition?: () => Registry;
}

/**
 * `GET /metrics` on a listen address of its own (METRICS_PORT): the only way
 * to scrape `otg-hub worker`, which has no HTTP server, and a way to keep the
 * API's metrics off its public port. The address itself is the protection
 * (bind it to an internal interface); METRICS_TOKEN, when set, is required as well.
 */
export async function serveProcessMetrics(
  options: MetricsServerOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
  const exposition = options.exposition ?? collectNodeMetrics;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end('Not found: try GET /metrics\n');
      return;
    }
    if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
      response
        .writeHead(401, {
          'WWW-Authenticate': 'Bearer realm="metrics"',
          'Content-Type': 'text/plain',
        })
        .end('Send the metrics token as a bearer token\n');
      return;
    }
    const registry = exposition();
    registry.metrics().then(
      (text) => {
        response.writeHead(200, {
          'Content-Type': registry.contentType,
          'Cache-Control': cacheControl(CACHING.none),
        });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, 'metrics scrape failed');
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ port, host: options.host }, 'metrics listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The metrics listener when METRICS_PORT is set (on METRICS_HOST, else HOST). */
export async function metricsListenerFromConfig(
  config: {
    METRICS_PORT?: number | undefined;
    METRICS_HOST?: string | undefined;
    HOST: string;
    METRICS_TOKEN?: string | undefined;
  },
  logger: Logger,
  exposition?: () => Registry,
): Promise<{ port: number; close: () => Promise<void> } | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  return serveProcessMetrics({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST ?? config.HOST,
    token: config.METRICS_TOKEN,
    logger,
    ...(exposition ? { exposition } : {}),
  });
}

/** `otg-hub worker`'s listener: the process metrics only. */
export const workerMetricsFromConfig = (
  config: Parameters<typeof metricsListenerFromConfig>[0],
  logger: Logger,
) => metricsListenerFromConfig(config, logger);
