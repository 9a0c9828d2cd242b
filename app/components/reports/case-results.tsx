/**
 * «Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà» (the report model's
 * `cases`, ADR 049): the harassment cases opened in the period by unit and in
 * total — concluded, on time, overdue now, median working days, findings.
 * Only rendered here; every figure comes from the model.
 */
import { IntervalCell, RateCell } from "~/components/report-tables";
import { formatDate, formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";
import type { CaseFigures, CaseSection } from "~/reports/report-model";

function FiguresRow({ figures, total = false }: { figures: CaseFigures; total?: boolean }) {
  const { lang } = useT();
  const num = (v: number | null) => (v === null ? "—" : formatNumber(v, lang));
  return (
    <tr className={total ? "total" : undefined}>
      <th scope="row">{figures.label}</th>
      <td className="num">{num(figures.opened)}</td>
      <td className="num">{num(figures.concluded)}</td>
      <td className="num">{num(figures.onTime.count)}</td>
      <RateCell rate={figures.onTime} judged={false} />
      <IntervalCell rate={figures.onTime} />
      <td className="num">{num(figures.overdue)}</td>
      <td className="num">{num(figures.medianWorkingDays)}</td>
      <td className="num">{num(figures.findings.founded)}</td>
      <td className="num">{num(figures.findings.unfounded)}</td>
      <td className="num">{num(figures.findings.insufficient)}</td>
    </tr>
  );
}

export function CaseResults({ cases }: { cases: CaseSection }) {
  const { t } = useT();
  const c = (key: string) => t(`reports:case_results.${key}`);
  return (
    <section aria-labelledby="case-results-title">
      <h2 id="case-results-title">{c("title")}</h2>
      <p className="note">{t("reports:case_results.intro", { date: formatDate(cases.asOf) })}</p>
      {/* A focusable region, so a keyboard can scroll the wide table (WCAG 2.1.1). */}
      <div className="table-wrap" role="region" aria-label={c("caption")} tabIndex={0}>
        <table className="rates-table case-results">
          <caption>{c("caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{c("group")}</th>
              <th scope="col">{c("opened")}</th>
              <th scope="col">{c("concluded")}</th>
              <th scope="col">{c("on_time")}</th>
              <th scope="col">{c("on_time_share")}</th>
              <th scope="col">{t("reports:questions.interval")}</th>
              <th scope="col">{c("overdue")}</th>
              <th scope="col">{c("median_days")}</th>
              <th scope="col">{c("founded")}</th>
              <th scope="col">{c("unfounded")}</th>
              <th scope="col">{c("insufficient")}</th>
            </tr>
          </thead>
          <tbody>
            {cases.groups.map((g) => (
              <FiguresRow key={g.key} figures={g} />
            ))}
          </tbody>
          <tfoot>
            <FiguresRow figures={cases.total} total />
          </tfoot>
        </table>
      </div>
    </section>
  );
}
