/**
 * The dashboard's tables: rates by group, units (sortable, CI-aware ranks), the
 * weekday × hour heat map. They render the report model; every figure in it
 * was computed once, by `ratesReport`.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { type Judgement, type Rate, type RateGroup, judgementOf } from "~/domain/rates";
import { formatNumber, formatPercent } from "~/utils/format";
import { useT } from "~/i18n/react";
import type { HeatMap } from "~/reports/heatmap";
import type { ReportGroup } from "~/reports/report-model";

/** A URL of the dashboard with some parameters changed. */
export function reportHref(params: Record<string, string>, changes: Record<string, string | null> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...changes })) if (v !== null && v !== "") search.set(k, v);
  const query = search.toString();
  return query ? `/reports?${query}` : "/reports";
}

/** A rate with its judgement in words (never colour alone). */
export function RateCell({ rate, judged = true }: { rate: Rate; judged?: boolean }) {
  const { t, lang } = useT();
  const judgement: Judgement = judgementOf(rate);
  return (
    <td className={`num rate-cell judgement-${judged ? judgement : "context"}`}>
      <span className="rate-figure">{formatPercent(rate.rate, lang)}</span>
      {judged && judgement !== "no_data" ? (
        <span className="rate-verdict">{t(`rates.judgement.${judgement}`)}</span>
      ) : null}
    </td>
  );
}

export function IntervalCell({ rate }: { rate: Rate }) {
  const { lang } = useT();
  return (
    <td className="num interval">
      {rate.low === null || rate.high === null
        ? formatPercent(null)
        : `${formatPercent(rate.low, lang)} – ${formatPercent(rate.high, lang)}`}
    </td>
  );
}

function GroupCells({ group: { counts, rates } }: { group: RateGroup }) {
  const { lang } = useT();
  return (
    <>
      <td className="num">{formatNumber(counts.total, lang)}</td>
      <RateCell rate={rates.satisfaction} />
      <IntervalCell rate={rates.satisfaction} />
      <RateCell rate={rates.decision766} judged={false} />
      <RateCell rate={rates.harassment} />
      <RateCell rate={rates.dissatisfaction} judged={false} />
      <RateCell rate={rates.onTime} />
      <td className="num">{formatNumber(counts.suspect, lang)}</td>
    </>
  );
}

/** The rate columns' headers; the keyed ones can sort the units table. */
const RATE_HEADERS: { label: string; sortKey?: string }[] = [
  { label: "reports:columns.responses", sortKey: "total" },
  { label: "rates.satisfaction", sortKey: "satisfaction" },
  { label: "reports:columns.interval" },
  { label: "rates.decision766_short" },
  { label: "rates.harassment_short", sortKey: "harassment" },
  { label: "rates.dissatisfaction" },
  { label: "rates.on_time" },
  { label: "reports:columns.suspect" },
];

function RateHeaders({ sortable }: { sortable?: (key: string, label: string) => ReactNode }) {
  const { t } = useT();
  return (
    <>
      {RATE_HEADERS.map(({ label, sortKey }) => (
        <th key={label} scope="col" className="num">
          {sortable && sortKey ? sortable(sortKey, t(label)) : t(label)}
        </th>
      ))}
    </>
  );
}

/** Rates by level, field or month, with a total row. */
export function RatesTable({
  caption,
  firstColumn,
  groups,
  total,
  totalLabel,
}: {
  caption: string;
  firstColumn: string;
  groups: readonly RateGroup[];
  total: RateGroup;
  totalLabel?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="rates-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            <RateHeaders />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.label}</th>
              <GroupCells group={g} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{totalLabel ?? total.label}</th>
            <GroupCells group={total} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export interface UnitRow extends ReportGroup {
  rank: number | null;
}

/** Units (each with its subtree) or desks: sortable by column links, ranked only where intervals separate them. */
export function UnitsTable({
  caption,
  groups,
  total,
  params,
  sort,
  descending,
}: {
  caption: string;
  groups: readonly UnitRow[];
  total: RateGroup;
  params: Record<string, string>;
  sort: string;
  descending: boolean;
}) {
  const { t } = useT();
  const sortable = (key: string, label: string) => {
    const active = sort === key;
    const nextDesc = active ? !descending : key !== "name";
    return (
      <Link
        to={reportHref(params, { sort: key, dir: nextDesc ? "desc" : "asc" })}
        className="sort-link"
        aria-label={t("reports:sort_by", { column: label })}
      >
        {label}
        {active ? <span aria-hidden="true">{descending ? " ▼" : " ▲"}</span> : null}
      </Link>
    );
  };
  const ariaSort = (key: string) => (sort === key ? (descending ? "descending" : "ascending") : undefined);
  return (
    <div className="table-wrap">
      <table className="rates-table units-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort("name")}>
              {sortable("name", t("reports:columns.unit"))}
            </th>
            <th scope="col">{t("reports:columns.level")}</th>
            <th scope="col" className="num">
              {t("reports:columns.rank")}
            </th>
            <RateHeaders sortable={sortable} />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.kind}:${g.key}`}>
              <th scope="row">
                {g.kind === "unit" ? (
                  <Link
                    to={reportHref(params, {
                      unit: g.key,
                      sort: null,
                      dir: null,
                      after: null,
                      uq: null,
                      upage: null,
                      oq: null,
                      opage: null,
                    })}
                  >
                    {g.label}
                  </Link>
                ) : (
                  g.label
                )}
                <span className="code"> ({g.key})</span>
              </th>
              <td>{g.levelLabel ?? ""}</td>
              <td className="num">{g.rank ?? "—"}</td>
              <GroupCells group={g} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{total.label}</th>
            <td />
            <td />
            <GroupCells group={total} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Satisfaction by weekday × hour as a table whose cells are shaded by class (and say their figures). */
export function HeatMapTable({ grid, caption }: { grid: HeatMap; caption: string }) {
  const { t, lang } = useT();
  // 25 columns scroll sideways on a narrow screen: the region takes focus so a keyboard can scroll it
  // (WCAG 2.1.1; axe's scrollable-region-focusable; eslint.config.js allows it for a region).
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="heatmap">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reports:heat.weekday")}</th>
            {grid.hours.map((h) => (
              <th scope="col" key={h} className="num">
                {t("reports:heat.hour", { hour: h })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.cells.map((row, day) => (
            <tr key={day}>
              <th scope="row">{t(`reports:weekdays.${day}`)}</th>
              {row.map((cell, i) => (
                <td key={grid.hours[i]} className={`num heat-${cell.shade}`}>
                  {cell.satisfaction.rate === null ? (
                    <span className="visually-hidden">{t("reports:no_data")}</span>
                  ) : (
                    <>
                      <span className="heat-rate">{formatPercent(cell.satisfaction.rate, lang, 0)}</span>
                      <span className="heat-n">{t("reports:heat.n", { count: formatNumber(cell.total, lang) })}</span>
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
