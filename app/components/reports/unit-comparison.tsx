/** The scope's children (or its desks) side by side: satisfaction as bars, then the sortable, ranked table. */
import { UnitBarChart } from "~/components/report-charts";
import { type UnitRow, UnitsTable } from "~/components/report-tables";
import { formatPercent } from "~/utils/format";
import type { RateGroup, Targets } from "~/domain/rates";
import { useT } from "~/i18n/react";

export function UnitComparison({
  units,
  total,
  targets,
  linkParams,
}: {
  units: { groups: readonly UnitRow[]; sort: string; descending: boolean; childrenAreDesks: boolean };
  total: RateGroup;
  targets: Targets;
  linkParams: Record<string, string>;
}) {
  const { t, lang } = useT();
  const title = units.childrenAreDesks ? t("reports:units.title_desks") : t("reports:units.title");
  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{title}</h2>
      {units.groups.length === 0 ? (
        <p>{t("reports:units.none")}</p>
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
            params={linkParams}
            sort={units.sort}
            descending={units.descending}
          />
          <p className="note">{t("reports:units.rank_note")}</p>
        </>
      )}
    </section>
  );
}
