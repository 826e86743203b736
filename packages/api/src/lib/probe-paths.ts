/**
 * Liveness and readiness probes: orchestrators must always reach them, so they
 * are outside authentication and rate limits (and the document says so).
 */
export const PROBE_PATHS = ['/healthz', '/readyz'];
