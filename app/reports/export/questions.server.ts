/**
 * The questions section of a printed report (XLSX, PDF, DOCX): a heading, a
 * note, and for each counted question a table of its options with count,
 * share and 95% interval over the scope, then its breakdown by the report's
 * groups (unit, field, month or level: a row per group with answers, per
 * option its count, share and interval). Built from the report model's
 * `questions`; the writers only lay it out.
 */
import type { ServerT } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";
import type { QuestionResult, ReportBy } from "../report-model";

export interface QuestionTableRow {
  label: string;
  count: number;
  share: number | null;
  low: number | null;
  high: number | null;
}

/** An option's figures in one group: count, share and its interval. */
export interface QuestionCell {
  count: number;
  share: number | null;
  low: number | null;
  high: number | null;
}

/** A question's answers by the report's groups: a row per group that answered it. */
export interface QuestionBreakdown {
  /** «Số phiếu và tỷ lệ chọn từng phương án theo lĩnh vực: «…»» */
  heading: string;
  /** «Đơn vị», «Lĩnh vực», «Tháng», «Cấp». */
  firstColumn: string;
  answeredColumn: string;
  /** The options' labels, in the order of each row's cells. */
  options: string[];
  /** 1–5 rating questions: the mean score's column. */
  meanColumn: string | null;
  rows: { label: string; answered: number; cells: QuestionCell[]; mean: number | null }[];
}

export interface QuestionTable {
  /** "1. Câu hỏi … (40 phiếu trả lời; bảng hỏi phiên bản 2)" */
  heading: string;
  rows: QuestionTableRow[];
  /** Null when the question was answered in one group only (the table above says it all), and in the dossiers' block. */
  breakdown: QuestionBreakdown | null;
}

export interface QuestionsBlock {
  sheetName: string;
  heading: string;
  note: string;
  /** Column headers: option, count, share, interval (a spreadsheet splits it into its two ends). */
  columns: [string, string, string, string];
  intervalEnds: [string, string];
  /** The breakdown cells' legend: «Mỗi ô: tỷ lệ (số phiếu chọn) và khoảng tin cậy 95%». */
  cellLegend: string;
  tables: QuestionTable[];
}

/** «66,7% (2)» over its interval «20,8% – 93,9%»: an option's cell in a question's breakdown. */
export function breakdownCellText(cell: QuestionCell, lang: Language): string {
  if (cell.share === null) return `— (${formatNumber(cell.count, lang)})`;
  const share = `${formatPercent(cell.share, lang)} (${formatNumber(cell.count, lang)})`;
  return cell.low === null || cell.high === null
    ? share
    : `${share}\n${formatPercent(cell.low, lang)} – ${formatPercent(cell.high, lang)}`;
}

/** A question's breakdown by the groups of a report by `by`; null with fewer than two groups. */
function breakdownOf(q: QuestionResult, by: ReportBy, t: ServerT): QuestionBreakdown | null {
  if (q.groups.length < 2) return null;
  return {
    heading: t(`reports:questions.by_caption.${by}`, { question: q.label }),
    firstColumn: t(`reports:export.first_column.${by}`),
    answeredColumn: t("reports:questions.answered_column"),
    options: q.options.map((o) => o.label),
    meanColumn: q.mean !== undefined ? t("reports:questions.mean_column") : null,
    rows: q.groups.map((g) => ({
      label: g.label,
      answered: g.answered,
      cells: g.options.map((o) => ({ count: o.count, share: o.share.rate, low: o.share.low, high: o.share.high })),
      mean: g.mean ?? null,
    })),
  };
}

/**
 * The block, or null when no extra question was answered (the document then
 * has no such annex). `questions` come from a report by `by` (level, unit,
 * field or month), whose groups make each question's breakdown.
 */
export function questionsBlock(
  questions: readonly QuestionResult[],
  by: Exclude<ReportBy, "officer">,
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
    cellLegend: t("reports:questions.cell_legend"),
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
      breakdown: breakdownOf(q, by, t),
    })),
  };
}
