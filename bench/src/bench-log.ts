/** The bench's progress lines, stamped with the seconds since it started. */
const t0 = performance.now();
export function log(message: string) {
  console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${message}`);
}
