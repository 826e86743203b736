/** Nearest-rank percentile of an unsorted sample (sorted in place). */
export function percentiles(values: Float64Array, ps: number[]): number[] {
  if (values.length === 0) return ps.map(() => Number.NaN);
  values.sort();
  return ps.map((p) => {
    const rank = Math.min(values.length, Math.max(1, Math.ceil((p / 100) * values.length)));
    return values[rank - 1]!;
  });
}
