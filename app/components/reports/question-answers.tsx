/**
 * The extra questions of the questionnaire, counted per option (the report
 * model's `questions`): for each question its options' counts, shares and 95%
 * intervals over the scope, then the same by the grouping chosen (unit by
 * default; level, field or month with `by`): per group and option its share,
 * its count and, below, its interval.
 */
import { Link } from "@remix-run/react";
import { IntervalCell, RateCell, reportHref } from "~/components/report-tables";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";
import { useT } from "~/i18n/react";
import type { OptionResult, QuestionResult } from "~/reports/report-model";

export type QuestionsBy = "level" | "unit" | "field" | "month";

/** The groupings offered; by field only over every channel (ADR 055). */
const GROUPINGS: QuestionsBy[] = ["unit", "field", "month"];

/** A group's option: «66,7% (2)» over its interval. */
function GroupOptionCell({ option }: { option: OptionResult }) {
  const { lang } = useT();
  const { share } = option;
  return (
    <td className="num">
      <span className="rate-figure">{formatPercent(share.rate, lang)}</span>{" "}
      <span className="option-count">({formatNumber(option.count, lang)})</span>
      {share.low !== null && share.high !== null ? (
        <span className="interval option-interval">
          {formatPercent(share.low, lang)} – {formatPercent(share.high, lang)}
        </span>
      ) : null}
    </td>
  );
}

export function QuestionAnswers({
  questions,
  by,
  linkParams,
}: {
  questions: readonly QuestionResult[];
  by: QuestionsBy;
  linkParams: Record<string, string>;
}) {
  const { t, lang } = useT();
  const groupings = GROUPINGS.filter((g) => g !== "field" || !linkParams.channel);
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{t("reports:questions.title")}</h2>
      {questions.length === 0 ? <p>{t("reports:questions.none")}</p> : null}
      {questions.length > 0 ? (
        <nav className="question-grouping" aria-label={t("reports:questions.group_by")}>
          {t("reports:questions.group_by")}{" "}
          {groupings.map((g, i) => (
            <span key={g}>
              {i > 0 ? " · " : null}
              {g === by ? (
                <strong aria-current="true">{t(`reports:columns.${g}`)}</strong>
              ) : (
                <Link to={`${reportHref(linkParams, { by: g === "unit" ? null : g })}#questions-title`}>
                  {t(`reports:columns.${g}`)}
                </Link>
              )}
            </span>
          ))}
        </nav>
      ) : null}
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
              <table className="rates-table question-groups">
                <caption>
                  {t(`reports:questions.by_caption.${by}`, { question: q.label })}{" "}
                  <span className="caption-note">{t("reports:questions.cell_legend")}</span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`reports:columns.${by}`)}</th>
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
                        <GroupOptionCell key={o.code} option={o} />
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
