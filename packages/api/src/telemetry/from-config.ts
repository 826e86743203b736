import type { Tracing } from './start-tracing.js';

/**
 * Tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, otherwise nothing: the
 * OpenTelemetry SDK is imported only in the first case, so an untraced process
 * neither loads nor runs any of it.
 */
export async function tracingFromConfig(
  config: { OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; OTEL_SERVICE_NAME: string },
  version: string,
): Promise<Tracing | undefined> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const { startTracing } = await import('./start-tracing.js');
  return startTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.OTEL_SERVICE_NAME,
    version,
  });
}
