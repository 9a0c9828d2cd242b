/**
 * The rates report: one function computes it from the rollups — every group's
 * counts and, once, their rates (app/domain/rates.ts) — as the model of
 * report-model.ts; the dashboard, the XLSX/CSV/PDF downloads, the JSON API and
 * the CLI all render it. It never reads raw responses, so its cost grows with
 * units × days, not with the number of responses. The overview's totals and
 * the dashboard's heat map are computed here too, so no rate is computed
 * anywhere else.
 */
import type { DB } from "~db/connection";
import { findDesks } from "~db/repositories/desks";
import { sumOfficerRollups } from "~db/repositories/officers";
import { listFieldNames, listFields } from "~db/repositories/fields";
import type { AnswerGroupKey } from "~db/repositories/answer-rollups";
import { type RollupFilter, sumRollups } from "~db/repositories/rollups";
import type { ResponseChannel, UnitLevel } from "~db/schema";
import { monthsInRange } from "~/domain/periods";
import { addRollupCounts } from "~/domain/response";
import {
  type RateCounts,
  type RatedCounts,
  type Targets,
  computeRates,
  emptyCounts,
  rateGroup,
  ratedCounts,
} from "~/domain/rates";
import { fieldLabelFor } from "~/domain/fields";
import { levelsPresent } from "~/domain/units";
import { localDateOf } from "~/domain/time";
import { type Language } from "~/i18n/languages";
import { type ServerT, getT } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { interpolate, translate } from "~/i18n/translate";
import { formatDate } from "~/utils/format";
import { type HeatMap, heatShade, weekdayHourGrid } from "./heatmap";
import { dossierSectionFor } from "./dossier-section.server";
import { type AnswerRouter, questionResults } from "./questions.server";
import { caseSection } from "./case-section.server";
import type { RatesReport, ReportBy, ReportLevel } from "./report-model";
import { type ReportScope, resolveScope } from "./scope.server";
import { targetsForYear } from "./targets.server";
import { validDuring } from "./unit-tree";

export interface ReportRange {
  from: string;
  to: string;
  by: ReportBy;
}

export interface ReportOptions {
  lang: Language;
  targets: Targets;
  /** "Now", for what is judged at the time of reporting (cases overdue now); the clock when not given. */
  now?: Date;
  /** Only responses given there (the channel grains, ADR 055); absent: every channel. */
  channel?: ResponseChannel | null;
}

export const CHANNELS: readonly ResponseChannel[] = ["kiosk", "phone"];

/** The key of the group of responses that named no procedure field. */
const NO_FIELD = "";

interface Bucket {
  key: string;
  label: string;
  counts: RateCounts;
  kind?: "unit" | "desk";
  level?: UnitLevel;
  levelLabel?: string;
}

function bucket(key: string, label: string, extra: Partial<Bucket> = {}): Bucket {
  return { key, label, counts: emptyCounts(), ...extra };
}

/** The scope's name as reports print it. */
export function scopeName(scope: ReportScope, lang: Language): string {
  return scope.name ?? getT(lang)("reports:scope_all");
}

/** A level's name, dated when it ended inside the period: «Cấp huyện (đến 30/06/2025)». */
function levelName(t: ServerT, name: string, until: string | null): string {
  return until ? t("levels.until", { level: name, date: formatDate(until) }) : name;
}

/** The levels of a period with their words (see `RatesReport.levels`). */
export function reportLevels(
  scope: ReportScope,
  range: { from: string; to: string },
  t: ServerT,
  withData: Iterable<UnitLevel> = []
): { levels: ReportLevel[]; allLevelsLabel: string } {
  const levels = levelsPresent(scope.spans, range.from, range.to, withData).map(({ level, until }) => ({
    level,
    until,
    label: levelName(t, t(`levels.${level}`), until),
    subtotalLabel: levelName(t, t(`reports:export.subtotals.${level}`), until),
  }));
  const allLevelsLabel =
    levels.length === 3 ? t("levels.all_three") : levels.length === 2 ? t("levels.all_two") : t("levels.all");
  return { levels, allLevelsLabel };
}

/** A report's groups and total without its sections (questions, cases, channels, dossiers). */
export type RateFigures = Omit<RatesReport, "questions" | "cases" | "channels" | "channelsTotal" | "dossiers">;

/**
 * The rates of a scope over a range, grouped by level, unit, field or month,
 * with the sections every report has (questions and cases by the same
 * groups, channels, dossiers). Groups are listed even when empty (a level, a
 * month, an active field, a unit valid in the range), so a report shows "—"
 * rather than hiding a gap.
 */
export async function ratesReport(
  db: DB,
  scope: ReportScope,
  range: ReportRange,
  options: ReportOptions
): Promise<RatesReport> {
  const g = await groupCounts(db, scope, range, options);
  const { t, filter, channel, buckets } = g;
  const figures = rateFiguresOf(g, scope, range, options);
  const route = groupRouter(g);
  const questions = await questionsOf(db, g, route, options);
  const cases = await caseSection(
    db,
    filter,
    { route, groups: buckets, byField: range.by === "field" },
    {
      today: localDateOf(options.now ?? new Date()),
      minSample: options.targets.minSample,
      totalLabel: t("reports:total"),
    }
  );
  // The keys in the order the JSON download has always had them.
  const { hiddenBelowMinSample, channel: _channel, ...rest } = figures;
  const channels = await channelGroups(db, { ...filter, channel: undefined }, options.targets, t);
  return {
    ...rest,
    questions: range.by === "officer" ? [] : questions,
    cases,
    ...(hiddenBelowMinSample !== undefined ? { hiddenBelowMinSample } : {}),
    channel,
    channels: channels.groups,
    channelsTotal: channels.total,
    dossiers: await dossierSectionFor(db, scope, range, options.targets.minSample),
  };
}

/**
 * As `ratesReport`, the groups and total only: for a page that shows several
 * groupings of one scope and range (the dashboard), whose sections one
 * `ratesReport` gives.
 */
export async function rateFigures(
  db: DB,
  scope: ReportScope,
  range: ReportRange,
  options: ReportOptions
): Promise<RateFigures> {
  return rateFiguresOf(await groupCounts(db, scope, range, options), scope, range, options);
}

/**
 * The extra questions' section alone, by this range's grouping: for a page
 * whose other sections come from a report grouped another way (the
 * dashboard's questions by level, field or month beside its unit table).
 */
export async function questionFigures(
  db: DB,
  scope: ReportScope,
  range: ReportRange,
  options: ReportOptions
): Promise<RatesReport["questions"]> {
  const g = await groupCounts(db, scope, range, options);
  return questionsOf(db, g, groupRouter(g), options);
}

type GroupCounts = Awaited<ReturnType<typeof groupCounts>>;

/** Sends a rollup row to the index of its group in the report's order (or to none). */
function groupRouter({ buckets, routeTo }: GroupCounts) {
  const positions = new Map(buckets.map((b, i) => [b, i]));
  return (row: Partial<Parameters<AnswerRouter>[0]>) => {
    const b = routeTo(row);
    return b && positions.get(b);
  };
}

/** The extra questions by the report's groups. The answer rollups have no channel: a report of one channel leaves the questions out (ADR 055). */
async function questionsOf(
  db: DB,
  g: GroupCounts,
  route: AnswerRouter,
  options: ReportOptions
): Promise<RatesReport["questions"]> {
  if (g.channel) return [];
  return questionResults(
    db,
    g.filter,
    { keys: g.answerKeys, route, groups: g.buckets },
    { lang: options.lang, minSample: options.targets.minSample }
  );
}

/**
 * As `rateFigures`, with only the groups `page` keeps rated and returned (the
 * dashboard's page of a national year's thousands of officers); the total is
 * over every group. `page` gets the groups unrated (key and label) and returns
 * its view of them.
 */
export async function pagedRateFigures<V extends { groups: readonly { key: string; label: string }[] }>(
  db: DB,
  scope: ReportScope,
  range: ReportRange,
  options: ReportOptions,
  page: (groups: readonly { key: string; label: string }[]) => V
): Promise<{ figures: RateFigures; view: Omit<V, "groups"> }> {
  const counted = await groupCounts(db, scope, range, options);
  const { groups, ...view } = page(counted.buckets);
  const kept = new Set(groups.map((g) => g.key));
  const figures = rateFiguresOf(
    { ...counted, buckets: counted.buckets.filter((b) => kept.has(b.key)) },
    scope,
    range,
    options
  );
  // In the page's order.
  const at = new Map(groups.map((g, i) => [g.key, i]));
  figures.groups.sort((a, b) => at.get(a.key)! - at.get(b.key)!);
  return { figures, view };
}

function rateFiguresOf(g: GroupCounts, scope: ReportScope, range: ReportRange, options: ReportOptions): RateFigures {
  return {
    from: range.from,
    to: range.to,
    scope: { code: scope.code, name: scopeName(scope, options.lang) },
    by: range.by,
    targets: options.targets,
    levels: g.levels.levels,
    allLevelsLabel: g.levels.allLevelsLabel,
    groups: g.buckets.map(({ key, label, counts, kind, level, levelLabel }) => ({
      ...rateGroup(key, label, counts, options.targets),
      ...(kind ? { kind, level, levelLabel } : {}),
    })),
    total: rateGroup("total", g.t("reports:total"), g.total, options.targets),
    ...(g.hiddenBelowMinSample !== undefined ? { hiddenBelowMinSample: g.hiddenBelowMinSample } : {}),
    channel: g.channel,
  };
}

/**
 * An officer's label in a language. The rows of unchanged officer sums are the same objects from one report
 * to the next (db/repositories/officers.ts), so each row's label is filled once, not on every report.
 */
function officerLabelOf(row: { name: string; deskName: string }, lang: Language, template: string): string {
  let labels = officerLabels.get(row);
  if (!labels) officerLabels.set(row, (labels = {}));
  return (labels[lang] ??= interpolate(template, { name: row.name, desk: row.deskName }));
}

const officerLabels = new WeakMap<object, Partial<Record<Language, string>>>();

/** The responses' counts by the report's groups, and how a row of another rollup finds its group. */
async function groupCounts(db: DB, scope: ReportScope, range: ReportRange, options: ReportOptions) {
  const t = getT(options.lang);
  const channel = options.channel ?? null;
  const filter: RollupFilter = { from: range.from, to: range.to, unitIds: scope.unitIds };
  if (channel) filter.channel = channel;
  const total = emptyCounts();
  let buckets: Bucket[];
  // How the questions section's answer rows find their group: the keys to sum them by, and the group they fall in.
  let answerKeys: AnswerGroupKey[];
  let routeTo: (row: Partial<Parameters<AnswerRouter>[0]>) => Bucket | undefined;
  let levels = reportLevels(scope, range, t);
  let hiddenBelowMinSample: number | undefined;

  switch (range.by) {
    case "level": {
      const rows = await sumRollups(db, filter, ["unitLevel"]);
      // A level with responses is present even if its units' dates say otherwise.
      levels = reportLevels(
        scope,
        range,
        t,
        rows.filter((r) => r.total + r.suspect > 0).map((r) => r.unitLevel)
      );
      buckets = levels.levels.map((l) => bucket(l.level, l.label));
      for (const row of rows) {
        addRollupCounts(total, row);
        const b = buckets.find((x) => x.key === row.unitLevel);
        if (b) addRollupCounts(b.counts, row);
      }
      answerKeys = ["unitLevel"];
      routeTo = (row) => buckets.find((x) => x.key === row.unitLevel);
      break;
    }
    case "month": {
      const rows = await sumRollups(db, filter, ["month"]);
      buckets = monthsInRange(range.from, range.to).map((m) =>
        bucket(m, t("reports:month_label", { month: m.slice(5, 7), year: m.slice(0, 4) }))
      );
      const byMonth = new Map(buckets.map((b) => [b.key, b]));
      for (const row of rows) {
        addRollupCounts(total, row);
        const b = byMonth.get(row.month);
        if (b) addRollupCounts(b.counts, row);
      }
      answerKeys = ["month"];
      routeTo = (row) => byMonth.get(row.month!);
      break;
    }
    case "field": {
      const [rows, fields, former] = await Promise.all([
        sumRollups(db, filter, ["fieldCode"]),
        listFields(db),
        listFieldNames(db),
      ]);
      const withData = new Set(rows.filter((r) => r.total + r.suspect > 0).map((r) => r.fieldCode));
      // A field renamed in the period (the 2025 merger of ministries) is named as at the period's end, with its former name.
      const label = (f: (typeof fields)[number]) => {
        const names = former
          .filter((n) => n.fieldCode === f.code)
          .map((n) => ({ vi: n.nameVi, en: n.nameEn, validTo: n.validTo }));
        const { name, formerly } = fieldLabelFor(
          { vi: f.nameVi, en: f.nameEn },
          names,
          range.from,
          range.to,
          options.lang
        );
        return formerly ? t("reports:field_formerly", { name, formerly }) : name;
      };
      buckets = fields.filter((f) => f.active || withData.has(f.code)).map((f) => bucket(f.code, label(f)));
      const byCode = new Map(buckets.map((b) => [b.key, b]));
      for (const row of rows) {
        addRollupCounts(total, row);
        let b = byCode.get(row.fieldCode);
        if (!b) {
          b = bucket(row.fieldCode, row.fieldCode === NO_FIELD ? t("reports:no_field") : row.fieldCode);
          byCode.set(b.key, b);
          buckets.push(b);
        }
        addRollupCounts(b.counts, row);
      }
      // "No field chosen" last.
      buckets.sort((a, b) => Number(a.key === NO_FIELD) - Number(b.key === NO_FIELD));
      answerKeys = ["fieldCode"];
      routeTo = (row) => byCode.get(row.fieldCode!);
      break;
    }
    case "officer": {
      // From the officer rollup (ADR 056): officers whose desk is in the scope. An officer with fewer
      // counted responses than the minimum sample is not shown (only counted in the total and the note).
      const rows = await sumOfficerRollups(db, filter);
      // A label per officer (thousands in a national year): the template read once and filled as i18next
      // fills it (app/i18n/translate.ts), not one i18next call each (~40 ms a report).
      const officerLabel = translate(bundlesFor(options.lang, ["reports"]), options.lang, "reports:officers.label");
      buckets = [];
      hiddenBelowMinSample = 0;
      for (const row of rows) {
        addRollupCounts(total, row);
        if (row.total < options.targets.minSample) {
          if (row.total + row.suspect > 0) hiddenBelowMinSample++;
          continue;
        }
        const b = bucket(row.code, officerLabelOf(row, options.lang, officerLabel));
        addRollupCounts(b.counts, row);
        buckets.push(b);
      }
      // The extra questions are not counted per officer.
      answerKeys = [];
      routeTo = () => undefined;
      break;
    }
    case "unit": {
      const rows = await sumRollups(db, filter, ["unitId", "deskId"]);
      const childBuckets = scope.children.map((c) =>
        bucket(c.code, c.name, {
          kind: "unit",
          level: c.level,
          levelLabel: levelName(
            t,
            t(`levels.${c.level}`),
            c.validTo !== null && c.validTo < range.to ? c.validTo : null
          ),
        })
      );
      const used = new Set<number>();
      const deskRows: (typeof rows)[number][] = [];
      for (const row of rows) {
        addRollupCounts(total, row);
        if (scope.ownRowIds.has(row.unitId)) {
          deskRows.push(row);
          continue;
        }
        const index = scope.childOf.get(row.unitId);
        if (index === undefined) continue;
        addRollupCounts(childBuckets[index].counts, row);
        used.add(index);
      }
      // The scope's own responses, by desk: its desks now, and any desk that has since moved away.
      const known = new Set(scope.ownDesks.map((d) => d.id));
      const moved = [...new Set(deskRows.map((r) => r.deskId))].filter((id) => !known.has(id));
      const desks = [...scope.ownDesks, ...(moved.length ? await findDesks(db, { ids: moved }) : [])];
      const deskBuckets = new Map(
        desks.map((d) => [
          d.id,
          { desk: d, b: bucket(d.code, d.name, { kind: "desk", level: scope.level!, levelLabel: t("reports:desk") }) },
        ])
      );
      const deskUsed = new Set<number>();
      for (const row of deskRows) {
        const entry = deskBuckets.get(row.deskId);
        if (!entry) continue;
        addRollupCounts(entry.b.counts, row);
        deskUsed.add(row.deskId);
      }
      buckets = [
        ...[...deskBuckets.values()].filter((e) => e.desk.active || deskUsed.has(e.desk.id)).map((e) => e.b),
        ...childBuckets.filter((b, i) => used.has(i) || validDuring(scope.children[i], range.from, range.to)),
      ];
      answerKeys = ["unitId", "deskId"];
      routeTo = (row) => {
        if (scope.ownRowIds.has(row.unitId!)) return deskBuckets.get(row.deskId!)?.b;
        const index = scope.childOf.get(row.unitId!);
        return index === undefined ? undefined : childBuckets[index];
      };
      break;
    }
  }

  return { t, filter, channel, buckets, total, levels, hiddenBelowMinSample, answerKeys, routeTo };
}

/** The scope's counts and rates per channel, every channel listed (from the channel grains), and all channels' total. */
async function channelGroups(db: DB, filter: RollupFilter, targets: Targets, t: ServerT) {
  const rows = await sumRollups(db, filter, ["channel"]);
  const groups = CHANNELS.map((c) => {
    const counts = rows.filter((r) => r.channel === c).reduce((sum, row) => addRollupCounts(sum, row), emptyCounts());
    return rateGroup(c, t(`reports:channels.${c}`), counts, targets);
  });
  const total = groups.reduce((sum, g) => addRollupCounts(sum, g.counts), emptyCounts());
  return { groups, total: rateGroup("total", t("reports:total"), total, targets) };
}

/** The counts and rates of some units over a range, as one figure (the overview's today and this month). */
export async function unitsRates(db: DB, filter: RollupFilter, targets: Targets): Promise<RatedCounts> {
  const rows = await sumRollups(db, filter, []);
  return ratedCounts(
    rows.reduce((sum, row) => addRollupCounts(sum, row), emptyCounts()),
    targets
  );
}

/** Satisfaction by weekday × local hour over a scope and range (the dashboard's heat map). */
export async function weekdayHourReport(
  db: DB,
  scope: ReportScope,
  range: { from: string; to: string },
  targets: Targets
): Promise<HeatMap> {
  const rows = await sumRollups(db, { ...range, unitIds: scope.unitIds }, ["weekday", "localHour"]);
  const grid = weekdayHourGrid(rows);
  return {
    hours: grid.hours,
    cells: grid.cells.map((row) =>
      row.map((counts) => {
        const satisfaction = computeRates(counts, targets).satisfaction;
        return { total: counts.total, satisfaction, shade: heatShade(satisfaction, targets) };
      })
    ),
  };
}

/** The targets a report over a range is judged against: those of the year it ends in. */
export function targetsFor(db: DB, to: string): Promise<Targets> {
  return targetsForYear(db, Number(to.slice(0, 4)));
}

/**
 * The Sở Nội vụ's main question — every unit of a province over a year, by
 * unit — as one call (the scale issue benchmarks it). Unscoped: for trusted
 * callers (CLI, benchmarks), never for a request.
 */
export async function provinceYearReport(db: DB, provinceCode: string, year: number, lang: Language = "vi") {
  const scope = await resolveScope(db, { allowed: undefined, unitId: null }, provinceCode);
  const range: ReportRange = { from: `${year}-01-01`, to: `${year}-12-31`, by: "unit" };
  return ratesReport(db, scope, range, { lang, targets: await targetsFor(db, range.to) });
}
