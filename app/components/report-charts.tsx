/**
 * Charts drawn on the server as SVG: readable without JavaScript, with a title
 * and a description for screen readers (the same figures are in the tables
 * beside them), coloured through CSS classes (the CSP allows no inline styles).
 */
import { formatNumber, formatPercent } from "~/utils/format";
import { useT } from "~/i18n/react";

export interface ChartPoint {
  key: string;
  label: string;
  rate: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

/** A linear scale from a domain to a range of pixels. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (v) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/**
 * A y-domain that shows the target and every interval with a little room,
 * on round steps, inside [0, 1].
 */
export function rateDomain(values: readonly number[], target: number): { domain: [number, number]; step: number } {
  const all = [...values, target];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min;
  const step = span > 0.3 ? 0.1 : span > 0.08 ? 0.05 : span > 0.02 ? 0.01 : 0.005;
  const lo = Math.max(0, Math.floor((min - step / 2) / step) * step);
  const hi = Math.min(1, Math.ceil((max + step / 2) / step) * step);
  return { domain: [round(lo), round(hi)], step };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function ticks([lo, hi]: [number, number], step: number): number[] {
  const out: number[] = [];
  const stride = (hi - lo) / step > 6 ? step * Math.ceil((hi - lo) / step / 5) : step;
  for (let v = lo; v <= hi + 1e-9; v += stride) out.push(round(v));
  return out;
}

/** Consecutive points with a rate, as path segments (a month without responses breaks the line). */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

const W = 720;
const H = 260;
const M = { left: 56, right: 40, top: 16, bottom: 44 };

/** A rate by month with its 95% intervals and the target drawn as a dashed line. */
export function TrendChart({
  id,
  title,
  description,
  points,
  target,
  targetLabel,
  variant,
}: {
  id: string;
  title: string;
  description: string;
  points: readonly ChartPoint[];
  target: number;
  targetLabel: string;
  variant: "satisfaction" | "harassment";
}) {
  const { t, lang } = useT();
  const values = points.flatMap((p) => (p.rate === null ? [] : [p.low ?? p.rate, p.high ?? p.rate]));
  // Complaints are read from zero up; satisfaction near its target.
  if (variant === "harassment") values.push(0);
  const { domain, step } = rateDomain(values, target);
  const y = linearScale(domain, [H - M.bottom, M.top]);
  const inner = W - M.left - M.right;
  const x = (i: number) => (points.length === 1 ? M.left + inner / 2 : M.left + (i * inner) / (points.length - 1));
  const every = Math.max(1, Math.ceil(points.length / 12));
  const located = points.map((p, i) => ({ ...p, x: x(i), y: p.rate === null ? null : y(p.rate) }));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className={`chart-svg trend trend-${variant}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks(domain, step).map((v) => (
          <g key={v} className="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 8} y={y(v) + 4} textAnchor="end">
              {formatPercent(v, lang, step < 0.01 ? 1 : 0)}
            </text>
          </g>
        ))}
        <line className="chart-target" x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} />
        <text className="chart-target-label" x={W - M.right} y={y(target) - 6} textAnchor="end">
          {targetLabel}
        </text>
        <path className="chart-line" d={linePath(located)} />
        {located.map((p, i) => (
          <g key={p.key}>
            {i % every === 0 || i === located.length - 1 ? (
              <text className="chart-axis" x={p.x} y={H - M.bottom + 20} textAnchor="middle">
                {p.label}
              </text>
            ) : null}
            {p.y !== null && p.low !== null && p.high !== null ? (
              <g className="chart-point">
                <line className="chart-interval" x1={p.x} x2={p.x} y1={y(p.low)} y2={y(p.high)} />
                <circle cx={p.x} cy={p.y} r={5} />
                <title>
                  {t("reports:chart.point", {
                    label: p.label,
                    rate: formatPercent(p.rate, lang),
                    low: formatPercent(p.low, lang),
                    high: formatPercent(p.high, lang),
                    count: formatNumber(p.n, lang),
                  })}
                </title>
              </g>
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Satisfaction per unit as horizontal bars from 0 to 100%, with intervals and the target line. */
export function UnitBarChart({
  id,
  title,
  description,
  bars,
  target,
  targetLabel,
}: {
  id: string;
  title: string;
  description: string;
  bars: readonly ChartPoint[];
  target: number;
  targetLabel: string;
}) {
  const { t, lang } = useT();
  const row = 30;
  const left = 220;
  const height = M.top + 24 + bars.length * row + 28;
  const x = linearScale([0, 1], [left, W - M.right]);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${height}`}
        className="chart-svg bars"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v} className="chart-grid">
            <line x1={x(v)} x2={x(v)} y1={M.top + 16} y2={height - 28} />
            <text x={x(v)} y={height - 10} textAnchor="middle">
              {formatPercent(v, lang, 0)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const top = M.top + 24 + i * row;
          const name = b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label;
          return (
            <g key={b.key} className={`chart-bar ${b.rate !== null && b.rate > target ? "above" : "below"}`}>
              <text x={left - 8} y={top + 17} textAnchor="end">
                {name}
              </text>
              {b.rate !== null ? (
                <>
                  <rect x={x(0)} y={top + 4} width={Math.max(0, x(b.rate) - x(0))} height={row - 10} />
                  {b.low !== null && b.high !== null ? (
                    <line className="chart-interval" x1={x(b.low)} x2={x(b.high)} y1={top + 15} y2={top + 15} />
                  ) : null}
                </>
              ) : (
                <text className="chart-empty" x={x(0) + 6} y={top + 17}>
                  {t("reports:no_data")}
                </text>
              )}
              <title>
                {b.rate === null
                  ? `${b.label}: ${t("reports:no_data")}`
                  : t("reports:chart.point", {
                      label: b.label,
                      rate: formatPercent(b.rate, lang),
                      low: formatPercent(b.low, lang),
                      high: formatPercent(b.high, lang),
                      count: formatNumber(b.n, lang),
                    })}
              </title>
            </g>
          );
        })}
        <line className="chart-target" x1={x(target)} x2={x(target)} y1={M.top + 8} y2={height - 28} />
        <text className="chart-target-label" x={x(target) - 4} y={M.top + 6} textAnchor="end">
          {targetLabel}
        </text>
      </svg>
    </figure>
  );
}
