import type { Kysely } from "kysely";
import type { Actor } from "~/domain/audit";
import { recordAudit } from "./audit";
import type { BaselineTable, Database, TargetTable } from "../schema";

type Db = Kysely<Database>;

/** A year's targets (docs/domain.md), with the resolution that set them. */
export interface YearTargets {
  year: number;
  satisfaction: number;
  harassment: number;
  onTime: number;
  minSample: number;
  resolution: string | null;
}

/** A year's measured baseline, entered for reports to print beside the targets. */
export interface YearBaseline {
  year: number;
  satisfaction: number;
  harassment: number;
  /** Null when that year did not measure it. */
  onTime: number | null;
  source: string | null;
}

function toTargets(r: TargetTable): YearTargets {
  const { on_time: onTime, min_sample: minSample, ...rest } = r;
  return { ...rest, onTime, minSample };
}

function toBaseline(r: BaselineTable): YearBaseline {
  const { on_time: onTime, ...rest } = r;
  return { ...rest, onTime };
}

/** app_settings keys. */
export const SETTING_KEYS = {
  /** The province's name as report headers print it ("UBND TỈNH …"); falls back to the province unit's name. */
  provinceName: "province_name",
  /** Spam rule (app/ingest/spam.server.ts): a tap less than this many seconds after the device's previous one is suspect (3). */
  spamMinIntervalSeconds: "spam_min_interval_seconds",
  /** Spam rule: more than `spam_window_max` (20) taps from one device within this many minutes (10) are suspect. */
  spamWindowMinutes: "spam_window_minutes",
  spamWindowMax: "spam_window_max",
  /** Office hours for a tablet's status, JSON {"days":[0..6, 0 = Monday],"start":"07:30","end":"17:00"}. */
  officeHours: "office_hours",
  /** "on": GET /cong-khai publishes each unit's rates without sign-in (ADR 040); absent or anything else: off. */
  publicResults: "public_results",
  /** Harassment cases: working days from opening to the last day to conclude (10). */
  caseDeadlineDays: "case_deadline_working_days",
  /** Harassment cases: days after conclusion that the citizen's contact is kept (90). */
  caseContactDays: "case_contact_retention_days",
  /** Who is told of a new case: chain | unit | unit_and_province (app/domain/alerts.ts). */
  alertsOpenedTo: "alerts_opened_to",
  /** Days after a dossier ended that its evaluation link still works (30; app/dossiers/links.server.ts). */
  evaluationLinkDays: "evaluation_link_days",
} as const;

export async function findTargets(db: Db, year: number): Promise<YearTargets | undefined> {
  const row = await db.selectFrom("targets").selectAll().where("year", "=", year).executeTakeFirst();
  return row && toTargets(row);
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

/** The stored values of these keys (absent keys are left out). */
export async function getSettings(db: Db, keys: readonly string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const rows = await db.selectFrom("app_settings").select(["key", "value"]).where("key", "in", keys).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("app_settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

export async function listTargets(db: Db): Promise<YearTargets[]> {
  const rows = await db.selectFrom("targets").selectAll().orderBy("year", "desc").execute();
  return rows.map(toTargets);
}

export async function listBaselines(db: Db): Promise<YearBaseline[]> {
  const rows = await db.selectFrom("baselines").selectAll().orderBy("year", "asc").execute();
  return rows.map(toBaseline);
}

export async function findBaseline(db: Db, year: number): Promise<YearBaseline | undefined> {
  const row = await db.selectFrom("baselines").selectAll().where("year", "=", year).executeTakeFirst();
  return row && toBaseline(row);
}

export async function upsertBaseline(db: Db, baseline: YearBaseline): Promise<void> {
  const { onTime, ...rest } = baseline;
  const row: BaselineTable = { ...rest, on_time: onTime };
  const { year, ...values } = row;
  await db
    .insertInto("baselines")
    .values(row)
    .onConflict((oc) => oc.column("year").doUpdateSet(values))
    .execute();
}

export async function deleteBaseline(db: Db, year: number): Promise<void> {
  await db.deleteFrom("baselines").where("year", "=", year).execute();
}

export async function upsertTargets(db: Db, targets: YearTargets): Promise<void> {
  const { onTime, minSample, ...rest } = targets;
  const row: TargetTable = { ...rest, on_time: onTime, min_sample: minSample };
  const { year, ...values } = row;
  await db
    .insertInto("targets")
    .values(row)
    .onConflict((oc) => oc.column("year").doUpdateSet(values))
    .execute();
}

/**
 * Saves one setting with its audit entry (the stored value before and the new
 * one), in the caller's transaction. `unlessUnchanged`: a value equal to the
 * stored one is neither written nor audited. `auditedBefore`: how the entry
 * states the value before (default: as stored, null when there was none).
 */
export async function saveSettingAudited(
  db: Db,
  actor: Actor,
  at: Date,
  key: (typeof SETTING_KEYS)[keyof typeof SETTING_KEYS],
  value: string,
  options: { unlessUnchanged?: boolean; auditedBefore?: (stored: string | undefined) => string } = {}
): Promise<void> {
  const before = await getSetting(db, key);
  if (options.unlessUnchanged && before === value) return;
  await setSetting(db, key, value);
  await recordAudit(db, actor, at, {
    action: "update",
    entity: "setting",
    entityId: key,
    unitId: null,
    before: options.auditedBefore
      ? { value: options.auditedBefore(before) }
      : before === undefined
        ? null
        : { value: before },
    after: { value },
  });
}
