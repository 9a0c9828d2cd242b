/**
 * The per-dossier section of the dashboard (the report model's `dossiers`):
 * what the one-stop system reported for the dossiers returned in the period,
 * each term with its share of them, and Decision 766's per-dossier ratio.
 */
import { IntervalCell, RateCell } from "~/components/report-tables";
import { useT } from "~/i18n/react";
import { type DossierSection, dossierRows } from "~/reports/dossier-section";
import { formatNumber } from "~/utils/format";

export function DossierResults({ section }: { section: DossierSection }) {
  const { t, lang } = useT();
  const empty = section.received === 0 && section.returned === 0;
  return (
    <section aria-labelledby="dossiers-title">
      <h2 id="dossiers-title">{t("reports:dossiers.title")}</h2>
      {empty ? (
        <p>{t("reports:dossiers.none")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="rates-table">
              <caption>{t("reports:dossiers.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reports:dossiers.term")}</th>
                  <th scope="col">{t("reports:dossiers.count")}</th>
                  <th scope="col">{t("reports:dossiers.share")}</th>
                  <th scope="col">{t("reports:questions.interval")}</th>
                </tr>
              </thead>
              <tbody>
                {dossierRows(section).map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{t(`reports:dossiers.rows.${r.key}`)}</th>
                    <td className="num">{formatNumber(r.count, lang)}</td>
                    {r.share ? (
                      <>
                        <RateCell rate={r.share} judged={false} />
                        <IntervalCell rate={r.share} />
                      </>
                    ) : (
                      <>
                        <td className="num">—</td>
                        <td className="num">—</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="note">{t("reports:dossiers.note")}</p>
        </>
      )}
    </section>
  );
}
