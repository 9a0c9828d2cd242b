/**
 * The rates report as every consumer receives it, and its public JSON.
 * `ratesReport` (rates-report.server.ts) builds the model once: each group
 * carries its counts and the rates and shares app/domain/rates.ts computed
 * from them. The dashboard, the XLSX/PDF/CSV writers and the CLI render the
 * model; `ratesReportJson` is the one serialiser to the JSON of
 * `GET /api/v1/reports/rates` (docs/api.md), used by the API, the JSON
 * download and `report --format json`. A new section of the report (cases,
 * dossiers) is a new field of `RatesReport`, filled in `ratesReport`.
 * Pure: types and mapping, no I/O, so components may import it.
 */
import type { CaseFinding, Rating, ResponseChannel, UnitLevel } from "~db/schema";
import type { QuestionKind } from "~/domain/questionnaire";
import type { Rate, RateGroup, Targets } from "~/domain/rates";
import type { LevelInPeriod } from "~/domain/units";
import { type DossierSection, type DossierSectionJson, dossierSectionJson } from "./dossier-section";

export const REPORT_BYS = ["level", "unit", "field", "month", "officer"] as const;
export type ReportBy = (typeof REPORT_BYS)[number];

/** A group; `by=unit` groups also say what they are (a unit and its subtree, or a desk of the scope itself). */
export interface ReportGroup extends RateGroup {
  kind?: "unit" | "desk";
  level?: UnitLevel;
  /** The level column's text: «Quầy», «Cấp xã», or a unit that ended in the period, «Cấp huyện (đến 30/06/2025)». */
  levelLabel?: string;
}

/** A level present in the report's period (app/domain/units.ts `levelsPresent`), with the words every renderer prints. */
export interface ReportLevel extends LevelInPeriod {
  /** «Cấp xã»; a historic level dated: «Cấp huyện (đến 30/06/2025)». */
  label: string;
  /** The by-unit table's subtotal: «Cộng cấp xã», «Cộng cấp huyện (đến 30/06/2025)». */
  subtotalLabel: string;
}

export interface RatesReport {
  from: string;
  to: string;
  scope: { code: string; name: string };
  by: ReportBy;
  targets: Targets;
  /**
   * The levels present in the period, top down: a two-tier province's report
   * has no district; a period crossing 1 July 2025 shows the districts as a
   * historic level. Computed once here, so no renderer names a level the
   * period does not have.
   */
  levels: ReportLevel[];
  /** The by-level total: «Cả 02 cấp», «Cả 03 cấp», or «Tất cả các cấp». */
  allLevelsLabel: string;
  groups: ReportGroup[];
  total: RateGroup;
  /** The extra questions answered in the range, counted per option (from the answer rollups). */
  questions: QuestionResult[];
  /** «Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà»: the harassment cases opened in the range (case-section.server.ts). */
  cases: CaseSection;
  /** By officer only: officers with responses but fewer than the minimum sample, not listed (ADR 056). */
  hiddenBelowMinSample?: number;
  /** Only responses given there (ADR 055); null: every channel. */
  channel: ResponseChannel | null;
  /** The scope's responses by channel — the tablet's, the citizen's phone — whatever the filter. */
  channels: RateGroup[];
  /** All channels together, rated once here (the dashboard's channel table's total row; not in the JSON). */
  channelsTotal: RateGroup;
  /** Per dossier, as the one-stop system reported them (dossier-section.ts); not by group. */
  dossiers: DossierSection;
}

/** The case figures of a group: cases opened in the range, and what became of them by `CaseSection.asOf`. */
export interface CaseFigures {
  key: string;
  label: string;
  opened: number;
  concluded: number;
  /** Concluded on or before their last working day, a share of the concluded. */
  onTime: Rate;
  /** Still open, their last working day before `asOf`. */
  overdue: number;
  /** Median working days from opening to conclusion; null when none is concluded. */
  medianWorkingDays: number | null;
  findings: Record<CaseFinding, number>;
}

/** The report's case section: the total and the report's own groups (ADR 049). */
export interface CaseSection {
  /** The local date "overdue now" is judged at. */
  asOf: string;
  total: CaseFigures;
  groups: CaseFigures[];
}

/** An option of a counted question: how many chose it, and its share of those who answered. */
export interface OptionResult {
  code: string;
  label: string;
  count: number;
  share: Rate;
}

/** A question's answers in one group of the report (the report's own grouping). */
export interface QuestionGroupResult {
  key: string;
  label: string;
  answered: number;
  options: OptionResult[];
  /** 1–5 rating questions only: the mean score (ADR 050); null when none answered. */
  mean?: number | null;
}

/** A counted extra question of a questionnaire version, over the report's scope and range. */
export interface QuestionResult {
  version: number;
  code: string;
  kind: QuestionKind;
  label: string;
  /** Counted responses that answered it: the denominator of every share. */
  answered: number;
  options: OptionResult[];
  /** 1–5 rating questions only: the mean score (ADR 050). */
  mean?: number | null;
  /** By the report's grouping; only groups with answers. */
  groups: QuestionGroupResult[];
}

/** A rate as the JSON report carries it: exact fraction and interval, null when N = 0. */
export interface RateJson {
  rate: number | null;
  low: number | null;
  high: number | null;
  /** null when there is no rate, N is below the minimum sample, or the rate has no target. */
  meetsTarget: boolean | null;
}

/** One group of the JSON report. */
export interface RateGroupJson {
  key: string;
  label: string;
  total: number;
  counts: Record<Rating, number>;
  harassment: number;
  suspect: number;
  onTime: { yes: number; answered: number };
  satisfaction: RateJson;
  harassmentRate: RateJson;
  dissatisfaction: RateJson;
  onTimeRate: RateJson;
  /** Decision 766's satisfaction ratio: (N − dissatisfied) / N, beside `satisfaction`, never instead of it. */
  decision766: CountedRateJson;
}

/** A rate with its count and denominator, and no target (so no verdict). */
export interface CountedRateJson {
  count: number;
  denominator: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface ReportGroupJson extends RateGroupJson {
  kind?: "unit" | "desk";
  level?: UnitLevel;
  levelLabel?: string;
}

export interface OptionJson {
  code: string;
  label: string;
  count: number;
  share: CountedRateJson;
}

export interface QuestionJson {
  version: number;
  code: string;
  kind: QuestionKind;
  label: string;
  answered: number;
  options: OptionJson[];
  /** 1–5 rating questions only. */
  mean?: number | null;
  groups: { key: string; label: string; answered: number; options: OptionJson[]; mean?: number | null }[];
}

export interface RatesReportJson {
  from: string;
  to: string;
  scope: { code: string; name: string };
  by: ReportBy;
  targets: Targets;
  levels: { level: UnitLevel; until: string | null; label: string }[];
  groups: ReportGroupJson[];
  total: RateGroupJson;
  questions: QuestionJson[];
  cases: CaseSectionJson;
  hiddenBelowMinSample?: number;
  channel: ResponseChannel | null;
  channels: RateGroupJson[];
  dossiers: DossierSectionJson;
}

export interface CaseFiguresJson {
  key: string;
  label: string;
  opened: number;
  concluded: number;
  onTime: CountedRateJson;
  overdue: number;
  medianWorkingDays: number | null;
  findings: Record<CaseFinding, number>;
}

export interface CaseSectionJson {
  asOf: string;
  total: CaseFiguresJson;
  groups: CaseFiguresJson[];
}

function countedRateJson(rate: Rate): CountedRateJson {
  return { count: rate.count, denominator: rate.denominator, rate: rate.rate, low: rate.low, high: rate.high };
}

function rateJson(rate: Rate): RateJson {
  return { rate: rate.rate, low: rate.low, high: rate.high, meetsTarget: rate.meetsTarget };
}

function optionJson(o: OptionResult): OptionJson {
  return { code: o.code, label: o.label, count: o.count, share: countedRateJson(o.share) };
}

/** A counted question in the JSON report's shape. */
export function questionJson(q: QuestionResult): QuestionJson {
  return {
    version: q.version,
    code: q.code,
    kind: q.kind,
    label: q.label,
    answered: q.answered,
    options: q.options.map(optionJson),
    ...(q.mean !== undefined ? { mean: q.mean } : {}),
    groups: q.groups.map((g) => ({ ...g, options: g.options.map(optionJson) })),
  };
}

function caseFiguresJson(f: CaseFigures): CaseFiguresJson {
  return { ...f, onTime: countedRateJson(f.onTime), findings: { ...f.findings } };
}

/** The case section in the JSON report's shape. */
export function caseSectionJson(section: CaseSection): CaseSectionJson {
  return { asOf: section.asOf, total: caseFiguresJson(section.total), groups: section.groups.map(caseFiguresJson) };
}

/** A group in the JSON report's shape. */
export function rateGroupJson({ key, label, counts, rates }: RateGroup): RateGroupJson {
  return {
    key,
    label,
    total: counts.total,
    counts: {
      very_satisfied: counts.verySatisfied,
      satisfied: counts.satisfied,
      neutral: counts.neutral,
      dissatisfied: counts.dissatisfied,
    },
    harassment: counts.harassment,
    suspect: counts.suspect,
    onTime: { yes: counts.onTimeYes, answered: counts.onTimeAnswered },
    satisfaction: rateJson(rates.satisfaction),
    harassmentRate: rateJson(rates.harassment),
    dissatisfaction: rateJson(rates.dissatisfaction),
    onTimeRate: rateJson(rates.onTime),
    decision766: countedRateJson(rates.decision766),
  };
}

/** The report as `GET /api/v1/reports/rates` answers it. */
export function ratesReportJson(report: RatesReport): RatesReportJson {
  return {
    from: report.from,
    to: report.to,
    scope: report.scope,
    by: report.by,
    targets: report.targets,
    levels: report.levels.map(({ level, until, label }) => ({ level, until, label })),
    groups: report.groups.map((g) => ({
      ...rateGroupJson(g),
      ...(g.kind ? { kind: g.kind, level: g.level, levelLabel: g.levelLabel } : {}),
    })),
    total: rateGroupJson(report.total),
    questions: report.questions.map(questionJson),
    cases: caseSectionJson(report.cases),
    ...(report.hiddenBelowMinSample !== undefined ? { hiddenBelowMinSample: report.hiddenBelowMinSample } : {}),
    channel: report.channel,
    channels: report.channels.map(rateGroupJson),
    dossiers: dossierSectionJson(report.dossiers),
  };
}

/** Where a dashboard table shown one page at a time stands: its search, counts and page (units, officers; ADR 061). */
export interface PagedTableView {
  search: string;
  matched: number;
  all: number;
  page: number;
  pages: number;
  first: number;
  searchable: boolean;
}
