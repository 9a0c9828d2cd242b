/**
 * The scope's children (or its desks) side by side: satisfaction as bars, then
 * the sortable, ranked table — one page of them at a time, with a search by
 * name or code once they outgrow a page (issue 18); everything in the URL, so
 * it works without JavaScript. The downloads still hold every unit.
 */
import { UnitBarChart } from "~/components/report-charts";
import { type UnitRow, UnitsTable, reportHref } from "~/components/report-tables";
import { formatPercent } from "~/utils/format";
import type { RateGroup, Targets } from "~/domain/rates";
import { useT } from "~/i18n/react";
import { PagedTablePager, PagedTableSearch, PagedTableShowing, type PagedTableView } from "./table-paging";

export interface UnitPage extends PagedTableView {
  groups: readonly UnitRow[];
  sort: string;
  descending: boolean;
  childrenAreDesks: boolean;
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
        <PagedTableSearch
          ns="reports:units"
          anchor="units-title"
          inputId="unit-search"
          param="uq"
          hidden={{ ...linkParams, ...sorted }}
          clearHref={`${reportHref({ ...linkParams, ...sorted })}#units-title`}
          search={units.search}
        />
      ) : null}
      <PagedTableShowing ns="reports:units" view={units} shown={units.groups.length} />
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
          <PagedTablePager ns="reports:units" view={units} pageHref={pageHref} />
          <p className="note">{t("reports:units.rank_note")}</p>
        </>
      )}
    </section>
  );
}
