/**
 * The results the province publishes (GET /cong-khai, ADR 040): for a unit
 * and every unit below it, the satisfaction rate, Decision 766's ratio and
 * the harassment-complaint rate of the current and the previous month, with
 * their intervals. Every figure is taken from the report model (`ratesReport`,
 * by unit), never recomputed. Only units at or above the minimum sample in
 * at least one of the two months are listed (the page's table of a month
 * lists those at or above it in that month); the others are only counted, and
 * a listed unit's month below it carries no figure at all. Nothing else leaves: no comment, no suspect count, no desk or
 * tablet, no person.
 */
import crypto from "node:crypto";
import type { DB } from "~db/connection";
import { SETTING_KEYS, getSetting } from "~db/repositories/settings";
import type { UnitLevel } from "~db/schema";
import { monthPeriod } from "~/domain/periods";
import type { Rate, RateGroup } from "~/domain/rates";
import { localDateOf } from "~/domain/time";
import type { Language } from "~/i18n/languages";
import { ratesReport, targetsFor } from "./rates-report.server";
import { type ReportScope, resolveScope } from "./scope.server";

/** Whether an administrator turned the public page on (off until then). */
export async function publicResultsEnabled(db: DB): Promise<boolean> {
  return (await getSetting(db, SETTING_KEYS.publicResults)) === "on";
}

/** A published rate: the fraction and its 95% interval. */
export interface PublicRate {
  rate: number;
  low: number;
  high: number;
}

/** One unit's month: figures only when the month reached the minimum sample. */
export type PublicMonth =
  | { month: string; sufficient: false }
  | {
      month: string;
      sufficient: true;
      responses: number;
      satisfaction: PublicRate;
      decision766: PublicRate;
      harassment: PublicRate;
    };

export interface PublicUnit {
  code: string;
  name: string;
  level: UnitLevel | null;
  /** 0 for the unit asked for, 1 for its children, … */
  depth: number;
  /** The current month, then the previous one. */
  months: [PublicMonth, PublicMonth];
}

export interface PublicResults {
  scope: { code: string; name: string };
  /** YYYY-MM: the current month, then the previous one. */
  months: [string, string];
  /** The minimum sample of each month (the targets of its year). */
  minSample: [number, number];
  /**
   * The units at or above the minimum sample in at least one month: the scope
   * first (when it is), then depth first by code.
   */
  units: PublicUnit[];
  /** Per month, how many units (the scope and those below it) were below the minimum sample: not published. */
  leftOut: [number, number];
}

/** Anyone: the scope resolution of an unscoped viewer (no unit, nothing forbidden). */
const EVERYONE = { allowed: undefined, unitId: null } as const;

function publicRate(rate: Rate): PublicRate {
  return { rate: rate.rate ?? 0, low: rate.low ?? 0, high: rate.high ?? 0 };
}

function publicMonth(month: string, group: RateGroup | undefined): PublicMonth {
  const r = group?.rates;
  if (!r || r.satisfaction.rate === null || !r.satisfaction.sufficient) return { month, sufficient: false };
  return {
    month,
    sufficient: true,
    responses: group.counts.total,
    satisfaction: publicRate(r.satisfaction),
    decision766: publicRate(r.decision766),
    harassment: publicRate(r.harassment),
  };
}

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/**
 * The published figures of a unit (by code; null: the only province, or
 * everything) and its subtree, for the month of `today` and the month before.
 * Throws ScopeError("unknown_unit") for a code no unit has.
 */
export async function publicResults(
  db: DB,
  unitCode: string | null,
  today: string,
  lang: Language
): Promise<PublicResults> {
  const current = today.slice(0, 7);
  const monthKeys: [string, string] = [current, previousMonth(current)];
  const ranges = monthKeys.map((m) => monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7))));
  const targets = await Promise.all(ranges.map((r) => targetsFor(db, r.to)));
  const units: PublicUnit[] = [];

  const reportsOf = (scope: ReportScope) =>
    Promise.all(
      ranges.map((r, i) =>
        ratesReport(db, scope, { from: r.from, to: r.to, by: "unit" }, { lang, targets: targets[i] })
      )
    );

  // Each unit's figures come from its parent's report (its subtree as one group); only units with
  // children get a report of their own.
  const walk = async (scope: ReportScope, depth: number): Promise<void> => {
    if (scope.children.length === 0) return;
    const reports = await reportsOf(scope);
    for (const child of scope.children) {
      const groups = reports.map((report) => report.groups.find((g) => g.kind === "unit" && g.key === child.code));
      if (groups.every((g) => g === undefined)) continue; // neither existing nor answered in these months
      units.push({
        code: child.code,
        name: child.name,
        level: child.level,
        depth,
        months: [publicMonth(monthKeys[0], groups[0]), publicMonth(monthKeys[1], groups[1])],
      });
      // A commune has no units below it (app/domain/units.ts): no scope to resolve.
      if (child.level !== "commune") await walk(await resolveScope(db, EVERYONE, child.code), depth + 1);
    }
  };

  const scope = await resolveScope(db, EVERYONE, unitCode);
  const rootReports = await reportsOf(scope);
  units.push({
    code: scope.code,
    name: rootReports[0].scope.name,
    level: scope.level,
    depth: 0,
    months: [publicMonth(monthKeys[0], rootReports[0].total), publicMonth(monthKeys[1], rootReports[1].total)],
  });
  await walk(scope, 1);
  const below = (i: 0 | 1) => units.filter((u) => !u.months[i].sufficient).length;
  return {
    scope: rootReports[0].scope,
    months: monthKeys,
    minSample: [targets[0].minSample, targets[1].minSample],
    units: units.filter((u) => u.months.some((m) => m.sufficient)),
    leftOut: [below(0), below(1)],
  };
}

/** What the page is answered from, with what a cache revalidates against. */
export interface PublishedResults {
  results: PublicResults;
  etag: string;
  /** When these figures last changed (as far as this process has seen). */
  lastModified: Date;
}

/** Seconds a result is kept here, and what `Cache-Control: max-age` says. */
export const PUBLIC_MAX_AGE = 60;

/** Bound to this process (so to its build): a new deployment with the same figures is a new page. */
const BUILD_STAMP = String(Date.now());

interface Kept extends PublishedResults {
  expires: number;
}

const kept = new WeakMap<object, Map<string, Kept>>();

/**
 * `publicResults`, kept for PUBLIC_MAX_AGE seconds per unit and language, so
 * that a lobby screen or a crowd of visitors costs one report a minute.
 * `lastModified` moves only when the figures do.
 */
export async function cachedPublicResults(
  app: { db: DB; now(): Date },
  unitCode: string | null,
  lang: Language
): Promise<PublishedResults> {
  let cache = kept.get(app);
  if (!cache) {
    cache = new Map();
    kept.set(app, cache);
  }
  const now = app.now();
  const today = localDateOf(now);
  const key = JSON.stringify([unitCode, lang, today.slice(0, 7)]);
  const old = cache.get(key);
  if (old && old.expires > Date.now()) return old;
  const results = await publicResults(app.db, unitCode, today, lang);
  const etag = `W/"${crypto.createHash("sha256").update(BUILD_STAMP).update(JSON.stringify(results)).digest("base64url").slice(0, 27)}"`;
  // HTTP dates have whole seconds.
  const lastModified = old?.etag === etag ? old.lastModified : new Date(Math.floor(now.getTime() / 1000) * 1000);
  if (cache.size > 500) cache.clear();
  const entry: Kept = { results, etag, lastModified, expires: Date.now() + PUBLIC_MAX_AGE * 1000 };
  cache.set(key, entry);
  return entry;
}

/** Whether the request's validators match (If-None-Match first, else If-Modified-Since). */
export function notModified(request: Request, published: PublishedResults): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    const tags = ifNoneMatch.split(",").map((t) => t.trim().replace(/^W\//, ""));
    return tags.includes("*") || tags.includes(published.etag.replace(/^W\//, ""));
  }
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
  return Number.isFinite(since) && published.lastModified.getTime() <= since;
}
