/** Satisfaction and harassment month by month: two charts with their intervals and targets, and the table. */
import { TrendChart } from "~/components/report-charts";
import { RatesTable } from "~/components/report-tables";
import { formatNumber, formatPercent } from "~/utils/format";
import type { RateGroup, Targets } from "~/domain/rates";
import { useT } from "~/i18n/react";

/** The two rates charted, each against its target ("trên 92%", "dưới 1%"). */
const TRENDS = [
  { kind: "satisfaction", comparison: "above" },
  { kind: "harassment", comparison: "below" },
] as const;

export function MonthlyTrend({
  months,
  total,
  targets,
}: {
  months: readonly RateGroup[];
  total: RateGroup;
  targets: Targets;
}) {
  const { t, lang } = useT();
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t("reports:trend.title")}</h2>
      <div className="charts-pair">
        {TRENDS.map(({ kind, comparison }) => (
          <TrendChart
            key={kind}
            id={`trend-${kind}`}
            title={t(`reports:trend.${kind}`)}
            description={months
              .map(
                (m) => `${m.label}: ${formatPercent(m.rates[kind].rate, lang)} (${formatNumber(m.counts.total, lang)})`
              )
              .join("; ")}
            points={months.map((m) => ({
              key: m.key,
              label: m.key.slice(5, 7) + "/" + m.key.slice(0, 4),
              n: m.counts.total,
              ...m.rates[kind],
            }))}
            target={targets[kind]}
            targetLabel={t(`reports:chart.target_${comparison}`, { target: formatPercent(targets[kind], lang) })}
            variant={kind}
          />
        ))}
      </div>
      <RatesTable
        caption={t("reports:trend.table")}
        firstColumn={t("reports:columns.month")}
        groups={months}
        total={total}
      />
    </section>
  );
}
