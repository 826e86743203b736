import { httpInstrumentationMiddleware } from '@hono/otel';
import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { routeTemplate } from '../lib/metrics.js';
import { setLogTraceFields } from './log-trace-fields.js';
import { type QueryTracer, setQueryTracer, type TracedWork } from './query-tracer.js';

export interface TracingOptions {
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  serviceName: string;
  version: string;
}

export interface Tracing {
  /** The Hono middleware that opens a server span per request, continuing an incoming `traceparent`. */
  requestSpans: MiddlewareHandler<AppEnv>;
  /** Sends the spans ended so far. */
  flush(): Promise<void>;
  /** Sends what is left and uninstalls everything (the database and log hooks, the global provider). */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing: spans are batched and sent as OTLP/HTTP JSON.
 * Registering the provider installs W3C Trace Context propagation (so an
 * incoming `traceparent` is continued) and AsyncLocalStorage context, so
 * database spans and log lines find the request they belong to.
 * Loaded with a dynamic import only when an endpoint is configured.
 */
export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.version,
    }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  provider.register();
  setQueryTracer(databaseSpans(provider.getTracer('oneteamgov-hub/db', options.version)));
  setLogTraceFields(activeTraceFields);
  return {
    requestSpans: httpInstrumentationMiddleware({
      tracerProvider: provider,
      serviceName: options.serviceName,
      serviceVersion: options.version,
      // Named by route template, never the raw path: ids in paths would make every span name unique.
      spanNameFactory: (c) => `${c.req.method} ${routeTemplate(c)}`,
      // Prometheus already counts requests in flight; no meter is installed.
      captureActiveRequests: false,
    }) as MiddlewareHandler<AppEnv>,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      setQueryTracer(undefined);
      setLogTraceFields(undefined);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function activeTraceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return {
    trace_id: traceId,
    span_id: spanId,
    trace_flags: traceFlags.toString(16).padStart(2, '0'),
  };
}

const OPERATION = /^\s*(\w+)/;
const TABLE = /\b(?:from|into|update|join)\s+"?([\w]+)"?/i;

/**
 * Client spans for SQL statements, following OpenTelemetry's database
 * conventions. Statements are parameterised by drizzle, so their text carries
 * no values. Only statements inside a trace get a span: the workers' polling
 * queries would otherwise each start a trace of their own.
 */
function databaseSpans(tracer: Tracer): QueryTracer {
  const inTrace = () => trace.getSpan(context.active()) !== undefined;
  return {
    statement(text) {
      if (!inTrace()) return undefined;
      const operation = OPERATION.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
      const table = TABLE.exec(text)?.[1];
      return traced(
        tracer.startSpan(table ? `${operation} ${table}` : operation, {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system.name': 'postgresql',
            'db.operation.name': operation,
            ...(table ? { 'db.collection.name': table } : {}),
            'db.query.text': text.slice(0, 4000),
          },
        }),
      );
    },
    transaction() {
      if (!inTrace()) return undefined;
      return traced(
        tracer.startSpan('transaction', {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'postgresql' },
        }),
      );
    },
  };
}

function traced(span: Span): TracedWork {
  return {
    end(error) {
      if (error) {
        // The message and SQLSTATE only: a driver error's detail can quote row values.
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string') span.setAttribute('db.response.status_code', code);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      span.end();
    },
    run: (fn) => context.with(trace.setSpan(context.active(), span), fn),
  };
}
