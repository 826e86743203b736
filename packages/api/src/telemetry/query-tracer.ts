/**
 * The seam between the database client and tracing. The client asks for a span
 * around each statement and transaction; until tracing is started (only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set) there is no tracer and it asks for
 * nothing, so OpenTelemetry is never loaded.
 */
export interface TracedWork {
  /** Ends the span, marking it failed when given the error. */
  end(error?: unknown): void;
  /** Runs `fn` with this span as the parent of anything started inside. */
  run<T>(fn: () => T): T;
}

export interface QueryTracer {
  /** A span for one SQL statement, or undefined when there is no trace to join. */
  statement(text: string): TracedWork | undefined;
  /** A span covering a transaction, the parent of its statements. */
  transaction(): TracedWork | undefined;
}

let installed: QueryTracer | undefined;

export function setQueryTracer(tracer: QueryTracer | undefined): void {
  installed = tracer;
}

export function queryTracer(): QueryTracer | undefined {
  return installed;
}
