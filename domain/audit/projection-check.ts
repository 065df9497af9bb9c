/**
 * The projection check: counts per status and per phase from PostgreSQL next to the same counts
 * from Temporal's visibility (the search attributes). Pure: the script gathers the counts.
 */
export type CountsByKey = Record<string, number>;
export type CheckRow = { dimension: string; key: string; projection: number; temporal: number };

/** One row per key seen on either side; a key missing on one side counts 0 there. */
export function compareCounts(dimension: string, projection: CountsByKey, temporal: CountsByKey): CheckRow[] {
  const keys = [...new Set([...Object.keys(projection), ...Object.keys(temporal)])].sort();
  return keys.map((key) => ({ dimension, key, projection: projection[key] ?? 0, temporal: temporal[key] ?? 0 }));
}

export const differences = (rows: readonly CheckRow[]) => rows.filter((r) => r.projection !== r.temporal);

/** A fixed-width table for the terminal, differences marked with '!'. */
export function formatCheck(rows: readonly CheckRow[]): string {
  const width = Math.max(10, ...rows.map((r) => `${r.dimension} ${r.key}`.length));
  const head = `  ${'dimension key'.padEnd(width)}  projection  temporal`;
  const lines = rows.map((r) => `${r.projection === r.temporal ? ' ' : '!'} ${`${r.dimension} ${r.key}`.padEnd(width)}  ${String(r.projection).padStart(10)}  ${String(r.temporal).padStart(8)}`);
  return [head, ...lines].join('\n');
}
