/**
 * The case section of a printed report (PDF, DOCX, XLSX; ADR 049): a heading,
 * a note, and one table — a row per group of the report model's `cases`, then
 * the total. Built from the model; the writers only lay it out, and CSV writes
 * the same rows (`caseCsvRows`).
 */
import type { ServerT } from "~/i18n/i18n.server";
import { type DisplayLanguage, formatDate, formatNumber, formatPercent } from "~/utils/format";
import type { CaseFigures, CaseSection } from "../report-model";

export interface CaseTableRow {
  kind: "group" | "total";
  code: string;
  label: string;
  opened: number;
  concluded: number;
  onTime: number;
  onTimeShare: number | null;
  onTimeLow: number | null;
  onTimeHigh: number | null;
  overdue: number;
  medianWorkingDays: number | null;
  founded: number;
  unfounded: number;
  insufficient: number;
}

export interface CasesBlock {
  sheetName: string;
  heading: string;
  note: string;
  /** Column headers, in the order of `CASE_COLUMNS`. */
  columns: string[];
  rows: CaseTableRow[];
}

/** The numeric columns after the label, in order. */
export const CASE_COLUMNS = [
  "opened",
  "concluded",
  "onTime",
  "onTimeShare",
  "overdue",
  "medianWorkingDays",
  "founded",
  "unfounded",
  "insufficient",
] as const satisfies readonly (keyof CaseTableRow)[];

/** A row's cells as the printed annexes (PDF, DOCX) show them: the label, then CASE_COLUMNS as text, "—" where there is no figure. */
export function caseRowTexts(r: CaseTableRow, lang: DisplayLanguage): string[] {
  return [
    r.label,
    ...CASE_COLUMNS.map((c) => {
      const v = r[c];
      if (v === null) return "—";
      return c === "onTimeShare" ? formatPercent(v, lang) : formatNumber(v, lang);
    }),
  ];
}

function row(kind: CaseTableRow["kind"], f: CaseFigures): CaseTableRow {
  return {
    kind,
    code: kind === "total" ? "" : f.key,
    label: f.label,
    opened: f.opened,
    concluded: f.concluded,
    onTime: f.onTime.count,
    onTimeShare: f.onTime.rate,
    onTimeLow: f.onTime.low,
    onTimeHigh: f.onTime.high,
    overdue: f.overdue,
    medianWorkingDays: f.medianWorkingDays,
    founded: f.findings.founded,
    unfounded: f.findings.unfounded,
    insufficient: f.findings.insufficient,
  };
}

export function caseColumns(t: ServerT): string[] {
  const c = (key: string) => t(`reports:case_results.${key}`);
  return [
    c("group"),
    c("opened"),
    c("concluded"),
    c("on_time"),
    c("on_time_share"),
    c("overdue"),
    c("median_days"),
    c("founded"),
    c("unfounded"),
    c("insufficient"),
  ];
}

/**
 * The block, or null when no case was opened in the period: like the
 * questions' annex, the printed report and the CSV then have no such part
 * (the dashboard and the JSON always carry the section, with zeros).
 */
export function casesBlock(section: CaseSection, t: ServerT): CasesBlock | null {
  if (section.total.opened === 0) return null;
  return {
    sheetName: t("reports:case_results.sheet"),
    heading: t("reports:case_results.export_heading"),
    note: t("reports:case_results.export_note", { date: formatDate(section.asOf) }),
    columns: caseColumns(t),
    rows: [...section.groups.map((g) => row("group", g)), row("total", section.total)],
  };
}
