/**
 * The report's `questions` section: the counted extra questions of every
 * questionnaire version answered in the range, per option over the scope and
 * per group of the report (docs/domain.md, "Question aggregates"). Read from
 * the answer rollups only; shares and their intervals computed here, once
 * (app/domain/rates.ts), and rendered by the dashboard and every export.
 */
import type { DB } from "~db/connection";
import { type AnswerGroupKey, type AnswerSum, sumAnswerRollups } from "~db/repositories/answer-rollups";
import { listQuestionnaires } from "~db/repositories/questionnaires";
import type { Question } from "~/domain/questionnaire";
import { ANSWERED, countedOptions, countedQuestions, meanScore } from "~/domain/question-counts";
import { shareOf } from "~/domain/rates";
import type { Language } from "~/i18n/languages";
import { type ServerT, getT } from "~/i18n/i18n.server";
import type { OptionResult, QuestionResult } from "./report-model";

/** Where an answer row belongs in the report's grouping: a group's position, or none. */
export type AnswerRouter = (row: AnswerSum) => number | undefined;

function optionLabel(q: Question, code: string, lang: Language, t: ServerT): string {
  if (q.kind === "rating") return t(`ratings.${code}`);
  if (q.kind === "yes_no") return t(`reports:questions.${code}`);
  if (q.kind === "rating5") {
    const end = code === "1" ? q.ends?.low[lang] : code === "5" ? q.ends?.high[lang] : undefined;
    return end ? `${code} – ${end}` : code;
  }
  return q.options?.find((o) => o.code === code)?.label?.[lang] ?? code;
}

/**
 * The questions section of a report over `filter`, its groups given as labels
 * with the keys their rows are routed by (`keys`, `route`).
 */
export async function questionResults(
  db: DB,
  filter: { from: string; to: string; unitIds?: readonly number[] },
  grouping: { keys: readonly AnswerGroupKey[]; route: AnswerRouter; groups: readonly { key: string; label: string }[] },
  options: { lang: Language; minSample: number }
): Promise<QuestionResult[]> {
  const rows = await sumAnswerRollups(db, filter, grouping.keys);
  if (rows.length === 0) return [];
  const t = getT(options.lang);
  const versions = await listQuestionnaires(db);
  // Per version and question: total counts per option, and per group.
  const totals = new Map<string, Map<string, number>>();
  const byGroup = new Map<string, Map<number, Map<string, number>>>();
  for (const row of rows) {
    const id = `${row.questionnaireVersion}\u0000${row.questionCode}`;
    const total = totals.get(id) ?? new Map<string, number>();
    totals.set(id, total);
    total.set(row.optionCode, (total.get(row.optionCode) ?? 0) + row.responses);
    const group = grouping.route(row);
    if (group === undefined) continue;
    const groups = byGroup.get(id) ?? new Map<number, Map<string, number>>();
    byGroup.set(id, groups);
    const counts = groups.get(group) ?? new Map<string, number>();
    groups.set(group, counts);
    counts.set(row.optionCode, (counts.get(row.optionCode) ?? 0) + row.responses);
  }
  const out: QuestionResult[] = [];
  // Newest version first; within a version, the kiosk's order.
  for (const version of versions) {
    for (const q of countedQuestions(version.definition)) {
      const id = `${version.version}\u0000${q.code}`;
      const total = totals.get(id);
      if (!total || !total.get(ANSWERED)) continue;
      const optionsOf = (counts: Map<string, number>): OptionResult[] => {
        const answered = counts.get(ANSWERED) ?? 0;
        return countedOptions(q).map((code) => {
          const count = counts.get(code) ?? 0;
          return {
            code,
            label: optionLabel(q, code, options.lang, t),
            count,
            share: shareOf(count, answered, options.minSample),
          };
        });
      };
      // A 1–5 rating also has its mean score, over the scope and per group.
      const mean = (counts: Map<string, number>) =>
        q.kind === "rating5" ? { mean: meanScore((score) => counts.get(score) ?? 0) } : {};
      const groups = [...(byGroup.get(id) ?? new Map<number, Map<string, number>>()).entries()]
        .filter(([, counts]) => (counts.get(ANSWERED) ?? 0) > 0)
        .sort(([a], [b]) => a - b)
        .map(([index, counts]) => ({
          key: grouping.groups[index].key,
          label: grouping.groups[index].label,
          answered: counts.get(ANSWERED) ?? 0,
          options: optionsOf(counts),
          ...mean(counts),
        }));
      out.push({
        version: version.version,
        code: q.code,
        kind: q.kind,
        label: q.label?.[options.lang] ?? q.code,
        answered: total.get(ANSWERED) ?? 0,
        options: optionsOf(total),
        ...mean(total),
        groups,
      });
    }
  }
  return out;
}
