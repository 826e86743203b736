/**
 * What every log line carries of the trace it was written in (`trace_id`,
 * `span_id`, `trace_flags`, as OpenTelemetry's log data model names them).
 * Empty until tracing is started, so logging never loads OpenTelemetry.
 */
type TraceFields = () => Record<string, string>;

const none: TraceFields = () => ({});
let current: TraceFields = none;

export function setLogTraceFields(fields: TraceFields | undefined): void {
  current = fields ?? none;
}

/** The pino mixin: called for each log line. */
export function logTraceFields(): Record<string, string> {
  return current();
}
