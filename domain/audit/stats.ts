/**
 * Order statistics for lead times. Percentiles interpolate linearly between the closest ranks
 * (as Excel's PERCENTIELE.INC and numpy's default do), so a gemeente can recompute them from the
 * CSV and the median is the 50th percentile.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (values: readonly number[]) => percentile(values, 50);

const DAY_MS = 86_400_000;

/** Days from one instant to another, as a fraction (lead times are not whole days). */
export function daysBetween(fromIso: string, toIso: string): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new RangeError(`not an instant: '${Number.isNaN(from) ? fromIso : toIso}'`);
  return (to - from) / DAY_MS;
}

/** One decimal, for reports: 12.25 days is 12.3. */
export const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** The summary a lead-time row shows: how many, median and 90th percentile in days. */
export function summarize(days: readonly number[]): { n: number; medianDays: number | null; p90Days: number | null } {
  return { n: days.length, medianDays: round1(median(days)), p90Days: round1(percentile(days, 90)) };
}
