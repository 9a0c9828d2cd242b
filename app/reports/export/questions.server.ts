/**
 * The questions section of a printed report (PDF, XLSX; the DOCX writer can
 * take the same blocks): a heading, a note, and for each counted question a
 * table of its options with count, share and 95% interval over the scope.
 * Built from the report model's `questions`; the writers only lay it out.
 */
import type { ServerT } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import { formatNumber, formatScore } from "~/utils/format";
import type { QuestionResult } from "../report-model";

export interface QuestionTableRow {
  label: string;
  count: number;
  share: number | null;
  low: number | null;
  high: number | null;
}

export interface QuestionTable {
  /** "1. Câu hỏi … (40 phiếu trả lời; bảng hỏi phiên bản 2)" */
  heading: string;
  rows: QuestionTableRow[];
}

export interface QuestionsBlock {
  sheetName: string;
  heading: string;
  note: string;
  /** Column headers: option, count, share, interval (a spreadsheet splits it into its two ends). */
  columns: [string, string, string, string];
  intervalEnds: [string, string];
  tables: QuestionTable[];
}

/** The block, or null when no extra question was answered (the document then has no such annex). */
export function questionsBlock(
  questions: readonly QuestionResult[],
  t: ServerT,
  lang: Language
): QuestionsBlock | null {
  if (questions.length === 0) return null;
  return {
    sheetName: t("reports:questions.sheet"),
    heading: t("reports:questions.export_heading"),
    note: t("reports:questions.export_note"),
    columns: [
      t("reports:questions.option"),
      t("reports:questions.count"),
      t("reports:questions.share"),
      t("reports:questions.interval"),
    ],
    intervalEnds: [t("reports:questions.interval_low"), t("reports:questions.interval_high")],
    tables: questions.map((q, i) => ({
      heading:
        t("reports:questions.export_question", {
          index: i + 1,
          question: q.label,
          n: formatNumber(q.answered, lang),
          version: q.version,
        }) +
        (q.mean !== undefined ? ` ${t("reports:questions.export_mean", { mean: formatScore(q.mean, lang) })}` : ""),
      rows: q.options.map((o) => ({
        label: o.label,
        count: o.count,
        share: o.share.rate,
        low: o.share.low,
        high: o.share.high,
      })),
    })),
  };
}
