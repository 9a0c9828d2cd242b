/**
 * The first-run wizard (/admin/setup, administrators; ADR 059): a new
 * installation's province from the 34, its communes from CSV (HaiLong ships
 * no commune list), N desks at each commune without one, N tablets at each
 * desk without one, then the pairing sheet. Each step is previewed and then
 * applied all or nothing by the same imports as the CSV pages (units, desks,
 * tablets), so it is audited the same way; where the installation stands is
 * read from the database, so the wizard resumes wherever it was left. Plain
 * forms: it works with JavaScript off.
 */
import { z } from "zod";
import { listDesks } from "~db/repositories/desks";
import { listDevices } from "~db/repositories/devices";
import { listUnits } from "~db/repositories/units";
import type { Unit } from "~db/repositories/units";
import type { AppContext } from "~/context";
import { localDateOf } from "~/domain/time";
import { openUnits } from "~/domain/units";
import { getT } from "~/i18n/i18n.server";
import { ADMIN_ONLY, type Staff, requireStaff } from "~/admin/access.server";
import { type BulkPreview, planResult, readImportForm, rowErrors, type PreviewBody } from "~/admin/csv-import.server";
import { importDesks, planDeskImport } from "~/admin/desk-import.server";
import { type ActionResult, badIntent, done, failed, runWork } from "~/admin/forms.server";
import { DEFAULT_SHEET_HOURS, SHEET_VALIDITY_HOURS } from "~/admin/pairing-sheet.server";
import { PROVINCES_2025 } from "~/admin/provinces";
import { importTablets, planTabletImport } from "~/admin/tablet-import.server";
import { importUnits, planImport } from "~/admin/unit-import.server";
import { createReferenceProvince } from "~/admin/units-write.server";

export const WIZARD_STEPS = ["province", "communes", "desks", "tablets", "done"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

const MAX_DESKS_PER_UNIT = 20;
const MAX_TABLETS_PER_DESK = 10;

interface Standing {
  province: Pick<Unit, "code" | "name"> | null;
  communes: Unit[];
  communesWithoutDesks: Unit[];
  desksWithoutTablets: { id: number; code: string; name: string; unitId: number }[];
  desks: number;
}

async function standing(app: AppContext, staff: Staff): Promise<Standing> {
  const today = localDateOf(app.now());
  const units = openUnits(await listUnits(app.db), staff.scope.has, today);
  const desks = await listDesks(app.db, { unitIds: staff.scope.unitIds });
  const devices = await listDevices(app.db, { unitIds: staff.scope.unitIds });
  const withDesks = new Set(desks.map((d) => d.unitId));
  const withTablets = new Set(devices.filter((d) => d.revokedAt === null).map((d) => d.deskId));
  const communes = units.filter((u) => u.level === "commune");
  return {
    province: units.find((u) => u.level === "province") ?? null,
    communes,
    communesWithoutDesks: communes.filter((u) => !withDesks.has(u.id)),
    desksWithoutTablets: desks
      .filter((d) => d.active === 1 && !withTablets.has(d.id))
      .map((d) => ({ id: d.id, code: d.code, name: d.name, unitId: d.unitId })),
    desks: desks.length,
  };
}

/** The first step not yet done. */
function nextStep(s: Standing): WizardStep {
  if (!s.province) return "province";
  if (s.communes.length === 0) return "communes";
  if (s.communesWithoutDesks.length > 0 && s.desks === 0) return "desks";
  if (s.desksWithoutTablets.length > 0) return "tablets";
  return "done";
}

const stepSchema = z.enum(WIZARD_STEPS);

export async function loadWizard(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const s = await standing(app, staff);
  const asked = stepSchema.safeParse(new URL(request.url).searchParams.get("step"));
  const next = nextStep(s);
  // Any step may be opened once the province exists (a commune may need no desk of its own).
  const step = asked.success && s.province !== null ? asked.data : next;
  return {
    step,
    next,
    province: s.province ? { code: s.province.code, name: s.province.name } : null,
    provinces: s.province ? [] : PROVINCES_2025,
    communes: s.communes.length,
    communesWithoutDesks: s.communesWithoutDesks.length,
    desksWithoutTablets: s.desksWithoutTablets.length,
    maxDesks: MAX_DESKS_PER_UNIT,
    maxTablets: MAX_TABLETS_PER_DESK,
    validity: SHEET_VALIDITY_HOURS,
    defaultHours: DEFAULT_SHEET_HOURS,
  };
}

function cell(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

/** Desks «<commune code>-Q<n>», «Quầy số <n> <commune>», for each commune without a desk. */
function desksCsv(s: Standing, per: number): string {
  const vi = getT("vi");
  return s.communesWithoutDesks
    .flatMap((u) =>
      Array.from({ length: per }, (_, i) =>
        [u.code, `${u.code}-Q${i + 1}`, vi("admin:setup.desk_name", { n: i + 1, unit: u.name })].map(cell).join(",")
      )
    )
    .join("\n");
}

/** Tablets «Máy tính bảng <n>» at each active desk without one. */
function tabletsCsv(s: Standing, per: number): string {
  const vi = getT("vi");
  return s.desksWithoutTablets
    .flatMap((d) =>
      Array.from({ length: per }, (_, i) => [d.code, vi("admin:setup.tablet_name", { n: i + 1 })].map(cell).join(","))
    )
    .join("\n");
}

/** A unit import's plan as the shared preview shows it. */
function unitPreview(plan: ReturnType<typeof planImport>, t: Staff["t"]): BulkPreview {
  const counts = { new: 0, unchanged: 0, error: 0 };
  for (const r of plan.rows) counts[r.status]++;
  const rows = [...plan.rows.filter((r) => r.status === "error"), ...plan.rows.filter((r) => r.status !== "error")];
  return {
    counts,
    rows: rows.slice(0, 300).map((r) => ({
      line: r.line,
      values: { code: r.code, name: r.name, level: r.level ?? "", parent_code: r.parentCode },
      status: r.status,
      errors: rowErrors(r.problems, t, "admin:import"),
    })),
    hidden: Math.max(0, rows.length - 300),
  };
}

const countSchema = (max: number) => z.coerce.number().int().min(1).max(max);

export type WizardResult = ActionResult<PreviewBody & { per?: number; created?: { deviceIds: number[] } }>;

export async function wizardAction(app: AppContext, request: Request): Promise<WizardResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values, text, pasted } = await readImportForm(request);
  const now = app.now();
  const t = staff.t;
  switch (intent) {
    case "province":
      return runWork(t, "province", values, async () => {
        await createReferenceProvince(app.db, staff, now, (values.province ?? "").trim());
        done("/admin/setup", "province_created");
      });
    case "communes_preview":
    case "communes_apply": {
      if (text.trim() === "") return failed("import", [{ field: "csv", code: "csv_empty" }], {}, t);
      if (intent === "communes_apply") {
        const outcome = await importUnits(app.db, staff, now, text);
        if (outcome.applied) done("/admin/setup", "units_imported", outcome.created);
        return { status: 400, body: { preview: unitPreview(outcome.plan, t), csv: text, pasted } };
      }
      const plan = planImport(text, await listUnits(app.db), staff.scope);
      if (plan.fileProblems.length > 0) return failed("import", plan.fileProblems, { csv: pasted }, t);
      return { status: 200, body: { preview: unitPreview(plan, t), csv: text, pasted } };
    }
    case "desks_preview":
    case "desks_apply": {
      const per = countSchema(MAX_DESKS_PER_UNIT).safeParse(values.per);
      if (!per.success) {
        return failed("desks", [{ field: "per", code: "too_large", params: { max: MAX_DESKS_PER_UNIT } }], values, t);
      }
      const csv = desksCsv(await standing(app, staff), per.data);
      if (csv === "") return failed("desks", [{ field: "", code: "csv_empty" }], values, t);
      if (intent === "desks_apply") {
        const outcome = await importDesks(app.db, staff, now, csv);
        if (outcome.applied) done("/admin/setup?step=tablets", "desks_imported", outcome.created);
        const refused = planResult(outcome.plan, csv, t, 400);
        return { status: refused.status, body: { ...refused.body, per: per.data } };
      }
      const plan = planDeskImport(csv, await listUnits(app.db), await listDesks(app.db), staff.scope, localDateOf(now));
      const result = planResult(plan, csv, t, 200);
      return { status: result.status, body: { ...result.body, per: per.data } };
    }
    case "tablets_preview":
    case "tablets_apply": {
      const per = countSchema(MAX_TABLETS_PER_DESK).safeParse(values.per);
      if (!per.success) {
        return failed(
          "tablets",
          [{ field: "per", code: "too_large", params: { max: MAX_TABLETS_PER_DESK } }],
          values,
          t
        );
      }
      const csv = tabletsCsv(await standing(app, staff), per.data);
      if (csv === "") return failed("tablets", [{ field: "", code: "csv_empty" }], values, t);
      if (intent === "tablets_apply") {
        const outcome = await importTablets(app.db, staff, now, csv);
        if (outcome.applied) return { status: 200, body: { created: { deviceIds: outcome.deviceIds } } };
        const result = planResult(outcome.plan, csv, t, 400);
        return { status: result.status, body: { ...result.body, per: per.data } };
      }
      const scope = { unitIds: staff.scope.unitIds };
      const plan = planTabletImport(csv, await listDesks(app.db, scope), await listDevices(app.db, scope));
      const result = planResult(plan, csv, t, 200);
      return { status: result.status, body: { ...result.body, per: per.data } };
    }
    default:
      return badIntent(t);
  }
}
