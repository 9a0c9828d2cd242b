export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One figure of a bench run, as printed and written to bench-results/*.json. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineName: string;
  ratio: number | null;
  goal: string;
  pass: boolean | null;
  detail?: Record<string, unknown>;
}

/** A figure for the table: thousands grouped, small numbers with two or so significant digits. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en");
  if (Math.abs(n) >= 1) return n.toFixed(2).replace(/\.?0+$/, "");
  return n.toPrecision(2);
}
