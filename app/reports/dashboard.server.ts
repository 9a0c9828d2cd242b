/**
 * The reports dashboard (/reports): the period and unit the user chose, the
 * rates by level, unit, field and month (the sections, once, from the unit
 * table's `ratesReport`; the others' groups from `rateFigures`), the weekday
 * × hour heat map and the comments of dissatisfied citizens, all inside the
 * user's scope.
 */
import { listFields } from "~db/repositories/fields";
import { listDissatisfiedComments } from "~db/repositories/responses";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { type Period, type PeriodKind, periodCode, periodLabel, shortcutPeriods } from "~/domain/periods";
import { intervalRanks } from "~/domain/rates";
import { addDays, localDateOf } from "~/domain/time";
import type { Language } from "~/i18n/languages";
import { getT } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { fieldErrors } from "~/utils/problems";
import { searchKey } from "~/utils/search-key";
import { type PreparedReport, paramsOf, prepareReport } from "./query.server";
import {
  pagedRateFigures,
  questionFigures,
  rateFigures,
  ratesReport,
  scopeName,
  weekdayHourReport,
} from "./rates-report.server";
import type { PagedTableView, ReportBy, ReportGroup } from "./report-model";
import { ALL_UNITS } from "./scope.server";
import { targetContext } from "./targets.server";

export const COMMENTS_PER_PAGE = 20;

/** Units per page in the unit table and chart (issue 18: a national scope has thousands; the downloads hold them all). */
export const UNITS_PER_PAGE = 25;
/** Officers per page in the officer section (issue 18: a national year lists thousands; the downloads hold them all). */
export const OFFICERS_PER_PAGE = 25;
/** The longest unit or officer search kept (longer text is cut, never an error). */
const SEARCH_MAX = 100;

export const UNIT_SORTS = ["order", "name", "total", "satisfaction", "harassment"] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];

/** Instants bounding a range of local dates (Asia/Ho_Chi_Minh): [since, until). */
function instantsOf(period: Period): { since: string; until: string } {
  const at = (date: string) => new Date(`${date}T00:00:00+07:00`).toISOString();
  return { since: at(period.from), until: at(addDays(period.to, 1)) };
}

function sortUnits(groups: ReportGroup[], sort: UnitSort, descending: boolean): ReportGroup[] {
  if (sort === "order") return descending ? [...groups].reverse() : groups;
  const value = (g: ReportGroup): number | string | null =>
    sort === "name"
      ? g.label
      : sort === "total"
        ? g.counts.total
        : sort === "satisfaction"
          ? g.rates.satisfaction.rate
          : g.rates.harassment.rate;
  const collator = new Intl.Collator("vi");
  return [...groups].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // no rate: last either way
    const order = typeof x === "string" ? collator.compare(x, y as string) : x - (y as number);
    return descending ? -order : order;
  });
}

/**
 * Rows after a search (label or key, accents ignored) and one page of them: what the unit table and chart, or the
 * officer section, show. A page past the end shows the last one.
 */
export function pageGroups<G extends { key: string; label: string }>(
  groups: readonly G[],
  search: string | undefined,
  page: string | undefined,
  perPage: number
): PagedTableView & { groups: G[] } {
  const text = (search ?? "").trim().slice(0, SEARCH_MAX);
  const needle = searchKey(text);
  const matching = needle === "" ? groups : groups.filter((g) => searchKey(g.label, g.key).includes(needle));
  const pages = Math.max(1, Math.ceil(matching.length / perPage));
  const asked = /^\d{1,6}$/.test(page ?? "") ? Number(page) : 1;
  const current = Math.min(Math.max(asked, 1), pages);
  return {
    groups: matching.slice((current - 1) * perPage, current * perPage),
    search: text,
    matched: matching.length,
    all: groups.length,
    page: current,
    pages,
    /** The first shown row's position (1-based) among the matches. */
    first: (current - 1) * perPage + 1,
    /** Search and paging are offered once the rows outgrow one page. */
    searchable: groups.length > perPage || text !== "",
  };
}

/** The chosen level's units after the search (name or code) and the page (`uq`, `upage`). */
export function pageUnits<G extends { key: string; label: string }>(
  groups: readonly G[],
  search: string | undefined,
  page: string | undefined
) {
  return pageGroups(groups, search, page, UNITS_PER_PAGE);
}

/** The officers shown (at least the minimum sample) after the search (name, desk or code) and the page (`oq`, `opage`). */
export function pageOfficers<G extends { key: string; label: string }>(
  groups: readonly G[],
  search: string | undefined,
  page: string | undefined
) {
  return pageGroups(groups, search, page, OFFICERS_PER_PAGE);
}

function parseCursor(value: string | undefined): { effectiveAt: string; id: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~([0-9a-f-]{36})$/.exec(value ?? "");
  return match ? { effectiveAt: match[1], id: match[2] } : undefined;
}

export async function loadDashboard(app: AppContext, user: CurrentUser, url: URL, lang: Language) {
  const t = getT(lang);
  const params = paramsOf(url.searchParams);
  const today = localDateOf(app.now());
  const prepared: PreparedReport = await prepareReport(app, user, params);
  const shortcuts = Object.fromEntries(
    Object.entries(shortcutPeriods(today)).map(([kind, periods]) => [
      kind,
      periods.map((p) => ({ code: periodCode(p)!, label: periodLabel(p, t) })),
    ])
  ) as Record<Exclude<PeriodKind, "range">, { code: string; label: string }[]>;
  const common = {
    i18n: bundlesFor(lang, ["reports"]),
    shortcuts,
    form: {
      from: params.from ?? "",
      to: params.to ?? "",
      period: params.period ?? "",
      unit: params.unit ?? "",
      channel: params.channel ?? "",
    },
  };
  if (!prepared.ok) {
    if (prepared.status === 403) throw new Response(null, { status: 403 });
    return { status: 400 as const, ...common, errors: fieldErrors(prepared.problems, t), report: null };
  }

  const { query, scope, targets } = prepared;
  const { period } = query;
  const range = { from: period.from, to: period.to };
  const { channel } = query;
  const options = { lang, targets, now: app.now() };
  // One channel (ADR 055): the sections the channel grains serve; by field, the heat map, the questions and the officers need all.
  const filtered = { ...options, channel };
  const sort = (UNIT_SORTS as readonly string[]).includes(params.sort ?? "") ? (params.sort as UnitSort) : "order";
  const descending = params.dir === "desc";
  // The extra questions' table by group follows `by` (by unit unless level, field or month is asked for).
  const questionsBy: Exclude<ReportBy, "officer"> =
    query.by === "level" || query.by === "field" || query.by === "month" ? query.by : "unit";
  // Results per officer: managers and administrators only (issue 17, ADR 056).
  const seesOfficers = (user.role === "admin" || user.role === "manager") && !channel;
  const [levels, units, fields, months, heat, comments, fieldList, officers, grouped] = await Promise.all([
    rateFigures(app.db, scope, { ...range, by: "level" }, filtered),
    // The sections (questions and cases by unit, channels, dossiers) once, with the unit table.
    ratesReport(app.db, scope, { ...range, by: "unit" }, filtered),
    channel ? null : rateFigures(app.db, scope, { ...range, by: "field" }, options),
    rateFigures(app.db, scope, { ...range, by: "month" }, filtered),
    channel ? null : weekdayHourReport(app.db, scope, range, targets),
    listDissatisfiedComments(app.db, {
      ...instantsOf(period),
      unitIds: scope.unitIds,
      limit: COMMENTS_PER_PAGE + 1,
      after: parseCursor(params.after),
    }),
    listFields(app.db),
    // Rated only for the page shown: a national year has thousands of officers (the downloads rate them all).
    seesOfficers
      ? pagedRateFigures(app.db, scope, { ...range, by: "officer" }, options, (groups) =>
          pageOfficers(groups, params.oq, params.opage)
        )
      : null,
    // The questions by another grouping than the unit table's: that grouping's questions alone.
    questionsBy === "unit" ? null : questionFigures(app.db, scope, { ...range, by: questionsBy }, filtered),
  ]);

  const ranksOf = intervalRanks(units.groups.map((g) => g.rates.satisfaction));
  const unitPage = pageUnits(
    sortUnits(
      units.groups.map((g, i) => ({ ...g, rank: ranksOf[i] })),
      sort,
      descending
    ) as (ReportGroup & { rank: number | null })[],
    params.uq,
    params.upage
  );
  // The case and question tables by unit follow the unit table's page, in its order (never thousands of rows either).
  const shownAt = new Map(unitPage.groups.map((g, i) => [g.key, i]));
  const shown = <G extends { key: string }>(groups: readonly G[]): G[] =>
    unitPage.searchable
      ? groups.filter((g) => shownAt.has(g.key)).sort((a, b) => shownAt.get(a.key)! - shownAt.get(b.key)!)
      : [...groups];
  const fieldNames = new Map(fieldList.map((f) => [f.code, lang === "en" ? f.nameEn : f.nameVi]));
  const page = comments.slice(0, COMMENTS_PER_PAGE);
  const last = page.at(-1);
  const code = periodCode(period);
  const linkParams = {
    ...(code ? { period: code } : { from: period.from, to: period.to }),
    ...(query.unitCode ? { unit: query.unitCode } : {}),
    ...(channel ? { channel } : {}),
    ...(questionsBy === "unit" ? {} : { by: questionsBy }),
  };

  return {
    status: 200 as const,
    ...common,
    errors: {} as Record<string, string>,
    report: {
      period: { from: period.from, to: period.to, code, label: periodLabel(period, t) },
      linkParams,
      /** The signable document's default date. */
      today,
      scope: {
        code: scope.code,
        name: scopeName(scope, lang),
        level: scope.level,
        ancestors: scope.ancestors.map((a) => (a.code === ALL_UNITS ? { ...a, name: t("reports:scope_all") } : a)),
      },
      targets,
      targetContext: await targetContext(app.db, period.to),
      total: levels.total,
      levels: {
        groups: levels.groups,
        allLabel: levels.allLevelsLabel,
        caption: t("reports:levels.table", {
          levels: new Intl.ListFormat(lang, { type: "conjunction" }).format(
            [...levels.levels.map((l) => l.label), levels.allLevelsLabel].map(
              (label) => label.charAt(0).toLocaleLowerCase(lang) + label.slice(1)
            )
          ),
        }),
      },
      units: {
        ...unitPage,
        sort,
        descending,
        childrenAreDesks: units.groups.every((g) => g.kind === "desk"),
      },
      channel: channel ? { code: channel, label: t(`reports:channels.${channel}`) } : null,
      channels: {
        groups: units.channels,
        total: units.channelsTotal,
      },
      fields: fields?.groups ?? null,
      officers: officers
        ? {
            ...officers.view,
            groups: officers.figures.groups,
            total: officers.figures.total,
            hidden: officers.figures.hiddenBelowMinSample ?? 0,
          }
        : null,
      months: months.groups,
      questions: grouped ?? units.questions.map((q) => ({ ...q, groups: shown(q.groups) })),
      questionsBy,
      cases: { ...units.cases, groups: shown(units.cases.groups) },
      dossiers: units.dossiers,
      heat,
      comments: {
        items: page.map((c) => ({
          id: c.id,
          at: c.effectiveAt,
          text: c.comment,
          language: c.language,
          unit: c.unitName,
          desk: c.deskName,
          field: c.fieldCode ? (fieldNames.get(c.fieldCode) ?? c.fieldCode) : null,
          reasons: c.reasons,
        })),
        next: comments.length > COMMENTS_PER_PAGE && last ? `${last.effectiveAt}~${last.id}` : null,
      },
    },
  };
}

type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;
export type DashboardReport = NonNullable<Dashboard["report"]>;
