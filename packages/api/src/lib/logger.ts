import pino, { type DestinationStream, type Logger } from 'pino';
import { logTraceFields } from '../telemetry/log-trace-fields.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * JSON logs on stdout; every request line carries its request id and, when
 * tracing is on, every line written inside a trace carries its `trace_id` and
 * `span_id`, so a log search can jump to the trace and back.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'oneteamgov-hub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', '*.apiKey', '*.email'], censor: '[redacted]' },
      mixin: logTraceFields,
    },
    // Asynchronous writes: a synchronous write per request line costs a quarter of the
    // throughput of a list request. main() flushes before the process exits.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
