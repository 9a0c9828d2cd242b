/**
 * The extra questions of the questionnaire, counted per option (the report
 * model's `questions`): for each question its options' counts, shares and 95%
 * intervals over the scope, then the shares by unit.
 */
import { IntervalCell, RateCell } from "~/components/report-tables";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";
import { useT } from "~/i18n/react";
import type { QuestionResult } from "~/reports/report-model";

export function QuestionAnswers({ questions }: { questions: readonly QuestionResult[] }) {
  const { t, lang } = useT();
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{t("reports:questions.title")}</h2>
      {questions.length === 0 ? <p>{t("reports:questions.none")}</p> : null}
      {questions.map((q) => (
        <div key={`${q.version}-${q.code}`} className="question-answers">
          <h3>{q.label}</h3>
          <p className="note">
            {t("reports:questions.answered", { n: formatNumber(q.answered, lang), version: q.version })}
          </p>
          {q.mean !== undefined ? (
            <p className="question-mean">{t("reports:questions.mean", { mean: formatScore(q.mean, lang) })}</p>
          ) : null}
          <div className="table-wrap">
            <table className="rates-table">
              <caption>{t("reports:questions.caption", { question: q.label })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reports:questions.option")}</th>
                  <th scope="col">{t("reports:questions.count")}</th>
                  <th scope="col">{t("reports:questions.share")}</th>
                  <th scope="col">{t("reports:questions.interval")}</th>
                </tr>
              </thead>
              <tbody>
                {q.options.map((o) => (
                  <tr key={o.code}>
                    <th scope="row">{o.label}</th>
                    <td className="num">{formatNumber(o.count, lang)}</td>
                    <RateCell rate={o.share} judged={false} />
                    <IntervalCell rate={o.share} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.groups.length > 1 ? (
            <div className="table-wrap">
              <table className="rates-table">
                <caption>{t("reports:questions.by_unit_caption", { question: q.label })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reports:columns.unit")}</th>
                    <th scope="col">{t("reports:questions.answered_column")}</th>
                    {q.options.map((o) => (
                      <th scope="col" key={o.code}>
                        {o.label}
                      </th>
                    ))}
                    {q.mean !== undefined ? <th scope="col">{t("reports:questions.mean_column")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {q.groups.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">{g.label}</th>
                      <td className="num">{formatNumber(g.answered, lang)}</td>
                      {g.options.map((o) => (
                        <td className="num" key={o.code}>
                          {formatPercent(o.share.rate, lang)}
                        </td>
                      ))}
                      {g.mean !== undefined ? <td className="num">{formatScore(g.mean, lang)}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ))}
    </section>
  );
}
