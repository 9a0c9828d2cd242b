/**
 * The scope's children (or its desks) side by side: satisfaction as bars, then
 * the sortable, ranked table — one page of them at a time, with a search by
 * name or code once they outgrow a page (issue 18); everything in the URL, so
 * it works without JavaScript. The downloads still hold every unit.
 */
import { Link } from "@remix-run/react";
import { UnitBarChart } from "~/components/report-charts";
import { type UnitRow, UnitsTable, reportHref } from "~/components/report-tables";
import { formatNumber, formatPercent } from "~/utils/format";
import type { RateGroup, Targets } from "~/domain/rates";
import { useT } from "~/i18n/react";

export interface UnitPage {
  groups: readonly UnitRow[];
  sort: string;
  descending: boolean;
  childrenAreDesks: boolean;
  search: string;
  matched: number;
  all: number;
  page: number;
  pages: number;
  first: number;
  searchable: boolean;
}

export function UnitComparison({
  units,
  total,
  targets,
  linkParams,
}: {
  units: UnitPage;
  total: RateGroup;
  targets: Targets;
  linkParams: Record<string, string>;
}) {
  const { t, lang } = useT();
  const title = units.childrenAreDesks ? t("reports:units.title_desks") : t("reports:units.title");
  const sorted: Record<string, string> =
    units.sort === "order" && !units.descending ? {} : { sort: units.sort, dir: units.descending ? "desc" : "asc" };
  const kept: Record<string, string> = { ...linkParams, ...sorted, ...(units.search ? { uq: units.search } : {}) };
  const pageHref = (page: number) => `${reportHref(kept, { upage: page > 1 ? String(page) : null })}#units-title`;
  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{title}</h2>
      {units.searchable ? (
        <form method="get" action="/reports#units-title" className="unit-search" role="search">
          {Object.entries({ ...linkParams, ...sorted }).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <label htmlFor="unit-search">{t("reports:units.search")}</label>{" "}
          <input id="unit-search" type="search" name="uq" defaultValue={units.search} maxLength={100} />{" "}
          <button type="submit">{t("reports:units.search_submit")}</button>
          {units.search ? (
            <>
              {" "}
              <Link to={`${reportHref({ ...linkParams, ...sorted })}#units-title`}>
                {t("reports:units.search_clear")}
              </Link>
            </>
          ) : null}
        </form>
      ) : null}
      {units.searchable && units.matched > 0 ? (
        <p className="note" role="status">
          {t("reports:units.showing", {
            from: formatNumber(units.first, lang),
            to: formatNumber(units.first + units.groups.length - 1, lang),
            matched: formatNumber(units.matched, lang),
            all: formatNumber(units.all, lang),
          })}
        </p>
      ) : null}
      {units.groups.length === 0 ? (
        <p>{units.search ? t("reports:units.no_match", { search: units.search }) : t("reports:units.none")}</p>
      ) : (
        <>
          <UnitBarChart
            id="units-chart"
            title={t("reports:units.chart")}
            description={units.groups
              .map((g) => `${g.label}: ${formatPercent(g.rates.satisfaction.rate, lang)}`)
              .join("; ")}
            bars={units.groups.map((g) => ({
              key: `${g.kind}:${g.key}`,
              label: g.label,
              n: g.counts.total,
              ...g.rates.satisfaction,
            }))}
            target={targets.satisfaction}
            targetLabel={t("reports:chart.target_above", { target: formatPercent(targets.satisfaction, lang) })}
          />
          <UnitsTable
            caption={t("reports:units.table")}
            groups={units.groups}
            total={total}
            params={units.search ? { ...linkParams, uq: units.search } : linkParams}
            sort={units.sort}
            descending={units.descending}
          />
          {units.pages > 1 ? (
            <nav className="pager" aria-label={t("reports:units.pages")}>
              {units.page > 1 ? (
                <Link to={pageHref(units.page - 1)} rel="prev">
                  {t("reports:units.previous")}
                </Link>
              ) : null}{" "}
              <span>
                {t("reports:units.page_of", {
                  page: formatNumber(units.page, lang),
                  pages: formatNumber(units.pages, lang),
                })}
              </span>{" "}
              {units.page < units.pages ? (
                <Link to={pageHref(units.page + 1)} rel="next">
                  {t("reports:units.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
          <p className="note">{t("reports:units.rank_note")}</p>
        </>
      )}
    </section>
  );
}
