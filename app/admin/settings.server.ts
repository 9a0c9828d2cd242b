/**
 * Installation settings: the targets of each year with the minimum sample
 * (read by app/reports/targets.server.ts), and the province's name as report
 * headers print it. System administrators only.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { listUnits } from "~db/repositories/units";
import {
  SETTING_KEYS,
  deleteBaseline,
  findBaseline,
  findTargets,
  listBaselines,
  upsertBaseline,
  getSetting,
  listTargets,
  saveSettingAudited,
  upsertTargets,
  type YearBaseline,
  type YearTargets,
} from "~db/repositories/settings";
import {
  MAX_CONTACT_DAYS,
  MAX_DEADLINE_DAYS,
  contactRetentionDays,
  deadlineDays,
} from "~db/repositories/case-deadlines";
import type { AppContext } from "~/context";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { localDateOf } from "~/domain/time";
import { ADMIN_ONLY, type Staff, actorOf, requireStaff } from "./access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, readForm, runForm } from "./forms.server";
import { publicResultsEnabled } from "~/reports/public-results.server";
import { name } from "./schemas.server";
import { MAX_EVALUATION_LINK_DAYS, readEvaluationLinkDays } from "~/dossiers/links.server";

/** A percentage as typed ("92", "92,5" or "92.5") → a fraction (0.925). */
const percent = z
  .string()
  .trim()
  .min(1)
  .transform((v) => Number(v.replace(",", ".").replace(/%$/, "")))
  .pipe(z.number().min(0).max(100))
  .transform((v) => Math.round(v * 1000) / 100000);

/** The name of a resolution or report as typed («Nghị quyết số 12/2021/NQ-HĐND …»); empty = none. */
const resolution = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v || null);

const targetsSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    satisfaction: percent,
    harassment: percent,
    on_time: percent,
    min_sample: z.coerce.number().int().min(1).max(100_000),
    resolution: resolution,
  })
  .transform(({ on_time: onTime, min_sample: minSample, ...rest }): YearTargets => ({ ...rest, onTime, minSample }));

const baselineSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    satisfaction: percent,
    harassment: percent,
    // Empty when that year did not measure it.
    on_time: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? "")
      .pipe(z.union([z.literal("").transform(() => null), percent])),
    source: resolution,
  })
  .transform(({ on_time: onTime, ...rest }): YearBaseline => ({ ...rest, onTime }));

const baselineDeleteSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const provinceSchema = z.object({ province_name: name });

const publicResultsSchema = z.object({ public_results: z.enum(["on", "off"]) });

/** Harassment cases: the deadline in working days, and how long a citizen's contact is kept after conclusion (ADR 048). */
const casesSchema = z.object({
  case_deadline_working_days: z.coerce.number().int().min(1).max(MAX_DEADLINE_DAYS),
  case_contact_retention_days: z.coerce.number().int().min(1).max(MAX_CONTACT_DAYS),
});
export type CaseSettings = z.output<typeof casesSchema>;
const evaluationLinkSchema = z.object({
  evaluation_link_days: z.coerce.number().int().min(1).max(MAX_EVALUATION_LINK_DAYS),
});

/** The province's name for report headers: the setting, else the name of the only province. */
async function provinceName(db: DB): Promise<{ value: string; fromSetting: boolean }> {
  const setting = await getSetting(db, SETTING_KEYS.provinceName);
  if (setting !== undefined) return { value: setting, fromSetting: true };
  const provinces = (await listUnits(db)).filter((u) => u.level === "province" && u.validTo === null);
  return { value: provinces.length === 1 ? provinces[0].name : "", fromSetting: false };
}

export async function loadSettings(app: AppContext, request: Request) {
  await requireStaff(app, request, ADMIN_ONLY);
  const thisYear = Number(localDateOf(app.now()).slice(0, 4));
  const requested = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(requested) && requested >= 2000 && requested <= 2100 ? requested : thisYear;
  const row = await findTargets(app.db, year);
  return {
    year,
    thisYear,
    editing: row ?? { year, ...toRow(DEFAULT_TARGETS) },
    targets: await listTargets(app.db),
    baselines: await listBaselines(app.db),
    defaults: DEFAULT_TARGETS,
    province: await provinceName(app.db),
    publicResults: await publicResultsEnabled(app.db),
    cases: {
      deadlineDays: await deadlineDays(app.db),
      contactDays: await contactRetentionDays(app.db),
      maxDeadlineDays: MAX_DEADLINE_DAYS,
      maxContactDays: MAX_CONTACT_DAYS,
    },
    evaluationLinkDays: await readEvaluationLinkDays(app.db),
  };
}

function toRow(t: typeof DEFAULT_TARGETS): Omit<YearTargets, "year"> {
  return { ...t, resolution: null };
}

/** Audit values of a year's targets or baseline, as the form names them. */
function yearAuditValues(row: YearTargets | YearBaseline) {
  const { onTime, ...rest } = row;
  if (!("minSample" in rest)) return { ...rest, on_time: onTime };
  const { minSample, ...others } = rest;
  return { ...others, on_time: onTime, min_sample: minSample };
}

export function saveTargets(db: DB, staff: Staff, now: Date, input: YearTargets): Promise<void> {
  return saveYearRow(db, staff, now, "targets", input, findTargets, upsertTargets);
}

export function saveBaseline(db: DB, staff: Staff, now: Date, input: YearBaseline): Promise<void> {
  return saveYearRow(db, staff, now, "baseline", input, findBaseline, upsertBaseline);
}

/** Writes one year's row (targets or baseline) and audits it with its before and after, in one transaction. */
async function saveYearRow<Row extends YearTargets | YearBaseline>(
  db: DB,
  staff: Staff,
  now: Date,
  entity: "targets" | "baseline",
  input: Row,
  find: (trx: DB, year: number) => Promise<Row | undefined>,
  upsert: (trx: DB, row: Row) => Promise<unknown>
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await find(trx, input.year);
    await upsert(trx, input);
    await recordAudit(trx, actorOf(staff), now, {
      action: before ? "update" : "create",
      entity,
      entityId: input.year,
      unitId: null,
      before: before ? yearAuditValues(before) : null,
      after: yearAuditValues(input),
    });
  });
}

export async function removeBaseline(db: DB, staff: Staff, now: Date, year: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findBaseline(trx, year);
    if (!before) return;
    await deleteBaseline(trx, year);
    await recordAudit(trx, actorOf(staff), now, {
      action: "delete",
      entity: "baseline",
      entityId: year,
      unitId: null,
      before: yearAuditValues(before),
      after: null,
    });
  });
}

export async function saveProvinceName(db: DB, staff: Staff, now: Date, value: string): Promise<void> {
  await db
    .transaction()
    .execute((trx) => saveSettingAudited(trx, actorOf(staff), now, SETTING_KEYS.provinceName, value));
}

/** Turns the public results page (/cong-khai) on or off, audited with its before and after. */
export async function savePublicResults(db: DB, staff: Staff, now: Date, on: boolean): Promise<void> {
  const value = on ? "on" : "off";
  await db
    .transaction()
    .execute((trx) => saveSettingAudited(trx, actorOf(staff), now, SETTING_KEYS.publicResults, value));
}

/**
 * Saves the cases' two settings, each changed one audited with its before and
 * after; cases opened afterwards take the new deadline (open ones keep theirs).
 */
export async function saveCaseSettings(db: DB, staff: Staff, now: Date, input: CaseSettings): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const key of [SETTING_KEYS.caseDeadlineDays, SETTING_KEYS.caseContactDays] as const) {
      await saveSettingAudited(trx, actorOf(staff), now, key, String(input[key]), { unlessUnchanged: true });
    }
  });
}

/** Days a dossier's evaluation link works after the dossier ended (app/dossiers/links.server.ts), audited. */
export async function saveEvaluationLinkDays(db: DB, staff: Staff, now: Date, days: number): Promise<void> {
  await db
    .transaction()
    .execute((trx) => saveSettingAudited(trx, actorOf(staff), now, SETTING_KEYS.evaluationLinkDays, String(days)));
}

export async function settingsAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  switch (intent) {
    case "targets":
      return runForm(staff.t, "targets", values, targetsSchema, async (input) => {
        await saveTargets(app.db, staff, app.now(), input);
        done(`/admin/settings?year=${input.year}`, "targets_saved");
      });
    case "baseline":
      return runForm(staff.t, "baseline", values, baselineSchema, async (input) => {
        await saveBaseline(app.db, staff, app.now(), input);
        done("/admin/settings", "baseline_saved");
      });
    case "baseline_delete":
      return runForm(staff.t, "baseline_delete", values, baselineDeleteSchema, async (input) => {
        await removeBaseline(app.db, staff, app.now(), input.year);
        done("/admin/settings", "baseline_deleted");
      });
    case "province":
      return runForm(staff.t, "province", values, provinceSchema, async (input) => {
        await saveProvinceName(app.db, staff, app.now(), input.province_name);
        done("/admin/settings", "province_name_saved");
      });
    case "public_results":
      return runForm(staff.t, "public_results", values, publicResultsSchema, async (input) => {
        await savePublicResults(app.db, staff, app.now(), input.public_results === "on");
        done("/admin/settings", "public_results_saved");
      });
    case "cases":
      return runForm(staff.t, "cases", values, casesSchema, async (input) => {
        await saveCaseSettings(app.db, staff, app.now(), input);
        done("/admin/settings", "case_settings_saved");
      });
    case "evaluation_link":
      return runForm(staff.t, "evaluation_link", values, evaluationLinkSchema, async (input) => {
        await saveEvaluationLinkDays(app.db, staff, app.now(), input.evaluation_link_days);
        done("/admin/settings", "evaluation_link_saved");
      });
    default:
      return badIntent(staff.t);
  }
}
