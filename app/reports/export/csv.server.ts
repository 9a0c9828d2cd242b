/**
 * The report as CSV: one row per group and a total row, written by
 * `writeCsv` (UTF-8 with a byte order mark, every text cell quoted and safe
 * against formula injection).
 */
import { writeCsv } from "~/utils/csv";
import type { Rate, RateGroup } from "~/domain/rates";
import type { Language } from "~/i18n/languages";
import { type ServerT, getT } from "~/i18n/i18n.server";
import { dossierRows } from "../dossier-section";
import type { RatesReport } from "../report-model";
import { judgementText } from "./document.server";
import { type CasesBlock, casesBlock } from "./cases.server";

/** A rate as a percentage with one decimal ("92.5"), empty when there is none. */
function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

export function reportCsv(report: RatesReport, lang: Language): string {
  const t = getT(lang);
  const withLevel = report.by === "unit";
  const header = [
    t("reports:csv.code"),
    t("reports:csv.name"),
    ...(withLevel ? [t("reports:csv.level")] : []),
    t("reports:csv.total"),
    t("ratings.very_satisfied"),
    t("ratings.satisfied"),
    t("ratings.neutral"),
    t("ratings.dissatisfied"),
    t("reports:csv.harassment"),
    t("reports:csv.suspect"),
    t("reports:csv.on_time_yes"),
    t("reports:csv.on_time_answered"),
    t("reports:csv.satisfaction"),
    t("reports:csv.satisfaction_low"),
    t("reports:csv.satisfaction_high"),
    t("reports:csv.satisfaction_judgement"),
    t("reports:csv.decision766_count"),
    t("reports:csv.decision766"),
    t("reports:csv.decision766_low"),
    t("reports:csv.decision766_high"),
    t("reports:csv.harassment_rate"),
    t("reports:csv.harassment_judgement"),
    t("reports:csv.on_time_rate"),
    t("reports:csv.on_time_judgement"),
  ];
  const judged = (rate: Rate) => judgementText(rate, t);
  const line = ({ key, label, counts, rates: r }: RateGroup, level: string | null) => {
    return [
      key,
      label,
      ...(withLevel ? [level] : []),
      counts.total,
      counts.verySatisfied,
      counts.satisfied,
      counts.neutral,
      counts.dissatisfied,
      counts.harassment,
      counts.suspect,
      counts.onTimeYes,
      counts.onTimeAnswered,
      percent(r.satisfaction.rate),
      percent(r.satisfaction.low),
      percent(r.satisfaction.high),
      judged(r.satisfaction),
      r.decision766.count,
      percent(r.decision766.rate),
      percent(r.decision766.low),
      percent(r.decision766.high),
      percent(r.harassment.rate),
      judged(r.harassment),
      percent(r.onTime.rate),
      judged(r.onTime),
    ];
  };
  const rows: (string | number | null)[][] = [
    header,
    ...report.groups.map((g) => line(g, g.levelLabel ?? null)),
    line({ ...report.total, key: "" }, null),
  ];
  if (report.questions.length > 0) rows.push([], ...questionRows(report, t));
  const cases = casesBlock(report.cases, t);
  if (cases) rows.push([], ...caseCsvRows(cases, t));
  if (report.dossiers.received > 0 || report.dossiers.returned > 0) rows.push([], ...dossierCsvRows(report, t));
  return writeCsv(rows);
}

/** The case section (ADR 049) after an empty line: its title, a header, a row per group, then the total. */
function caseCsvRows(block: CasesBlock, t: ServerT): (string | number | null)[][] {
  const c = (key: string) => t(`reports:case_results.${key}`);
  const columns = block.columns.slice(1);
  const header = [
    c("csv_group_code"),
    t("reports:csv.name"),
    ...columns.slice(0, 3),
    c("csv_on_time_share"),
    c("csv_on_time_low"),
    c("csv_on_time_high"),
    ...columns.slice(4),
  ];
  return [
    [c("title")],
    header,
    ...block.rows.map((r) => [
      r.code,
      r.label,
      r.opened,
      r.concluded,
      r.onTime,
      percent(r.onTimeShare),
      percent(r.onTimeLow),
      percent(r.onTimeHigh),
      r.overdue,
      r.medianWorkingDays,
      r.founded,
      r.unfounded,
      r.insufficient,
    ]),
  ];
}

/** The per-dossier section after an empty line: one row per term, its share of the dossiers returned. */
function dossierCsvRows(report: RatesReport, t: ServerT): (string | number | null)[][] {
  const c = (key: string) => t(`reports:dossiers.csv.${key}`);
  const header = ["term_code", "term", "count", "returned", "share", "share_low", "share_high"].map(c);
  return [
    header,
    ...dossierRows(report.dossiers).map((r) => [
      r.key,
      t(`reports:dossiers.rows.${r.key}`),
      r.count,
      r.share ? report.dossiers.returned : null,
      percent(r.share?.rate ?? null),
      percent(r.share?.low ?? null),
      percent(r.share?.high ?? null),
    ]),
  ];
}

/**
 * The extra questions after the rates, below an empty line: one row per
 * question, group (the total first, its group code empty) and option.
 */
function questionRows(report: RatesReport, t: ServerT): (string | number | null)[][] {
  const c = (key: string) => t(`reports:questions.csv.${key}`);
  const header = [
    "version",
    "question_code",
    "question",
    "group_code",
    "group",
    "option_code",
    "option",
    "count",
    "answered",
    "share",
    "share_low",
    "share_high",
  ].map(c);
  header.push(t("reports:questions.rating5_mean_csv"));
  const rows: (string | number | null)[][] = [header];
  for (const q of report.questions) {
    const groups = [
      { key: "", label: t("reports:total"), answered: q.answered, options: q.options, mean: q.mean },
      ...q.groups,
    ];
    for (const g of groups)
      for (const o of g.options)
        rows.push([
          q.version,
          q.code,
          q.label,
          g.key,
          g.label,
          o.code,
          o.label,
          o.count,
          g.answered,
          percent(o.share.rate),
          percent(o.share.low),
          percent(o.share.high),
          // A 1–5 rating's mean score of the group, on each of its rows; empty for other kinds.
          g.mean === undefined || g.mean === null ? null : Math.round(g.mean * 100) / 100,
        ]);
  }
  return rows;
}
