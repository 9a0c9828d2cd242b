/** The period's rates as cards (Decision 766's beside ours), and S, H and T beside the resolution's baselines and this year's targets. */
import { RateCard } from "~/components/rate-card";
import { formatNumber, formatPercent } from "~/utils/format";
import type { RateGroup, Targets } from "~/domain/rates";
import type { TargetContext } from "~/reports/targets.server";
import { useT } from "~/i18n/react";

export function RatesSummary({
  total,
  targets,
  context,
}: {
  total: RateGroup;
  targets: Targets;
  /** The year whose targets apply, the resolution that set them and the baselines, as entered. */
  context: TargetContext;
}) {
  const { t, lang } = useT();
  const { year, baselines, resolution } = context;
  const { counts, rates } = total;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t("reports:summary.title")}</h2>
      <p className="period-count">
        {t("reports:summary.responses", { count: formatNumber(counts.total, lang) })}
        {counts.suspect > 0 ? (
          <> · {t("rates.suspect_excluded", { count: formatNumber(counts.suspect, lang) })}</>
        ) : null}
      </p>
      <div className="rate-cards four">
        <RateCard kind="satisfaction" rate={rates.satisfaction} targets={targets} />
        <RateCard kind="decision766" rate={rates.decision766} targets={targets} />
        <RateCard kind="harassment" rate={rates.harassment} targets={targets} />
        <RateCard kind="dissatisfaction" rate={rates.dissatisfaction} targets={targets} />
        <RateCard kind="onTime" rate={rates.onTime} targets={targets} />
      </div>
      <div className="table-wrap">
        <table className="baselines">
          <caption>
            {t("reports:baselines.caption")}
            {resolution ? <span className="resolution"> ({t("reports:baselines.set_by", { resolution })})</span> : null}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("reports:baselines.figure")}</th>
              {baselines.map((b) => (
                <th scope="col" className="num" key={b.year}>
                  {t("reports:baselines.year", { year: b.year })}
                </th>
              ))}
              <th scope="col" className="num">
                {t("reports:baselines.target", { year })}
              </th>
              <th scope="col" className="num">
                {t("reports:baselines.this_period")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ["satisfaction", "rates.satisfaction", "above"],
                ["harassment", "rates.harassment", "below"],
                ["onTime", "rates.on_time", "at_least"],
              ] as const
            ).map(([kind, label, comparison]) => (
              <tr key={kind}>
                <th scope="row">{t(label)}</th>
                {baselines.map((b) => (
                  <td className="num" key={b.year}>
                    {formatPercent(b[kind], lang)}
                  </td>
                ))}
                <td className="num">
                  {t(`reports:baselines.${comparison}`, { target: formatPercent(targets[kind], lang) })}
                </td>
                <td className="num">{formatPercent(rates[kind].rate, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
