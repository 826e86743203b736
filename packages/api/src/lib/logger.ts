import pino, { type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** JSON logs on stdout; every request line carries its request id. */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: 'oneteamgov-hub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', '*.apiKey', '*.email'], censor: '[redacted]' },
    },
    // Asynchronous writes: a synchronous write per request line costs a quarter of the
    // throughput of a list request. main() flushes before the process exits.
    pino.destination({ dest: 1, sync: false }),
  );
}
