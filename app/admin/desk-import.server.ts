/**
 * Importing desks from CSV (columns: unit code, desk code, desk name; a
 * header row is optional). A row's unit must be open and in the importer's
 * subtree; a desk code already stored at the same unit with the same name is
 * "unchanged", anywhere else a duplicate. All or nothing, audited (ADR 059).
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import type { Unit } from "~db/repositories/units";
import { recordAudit } from "~db/repositories/audit";
import { type DeskListing, insertDesk, listDesks } from "~db/repositories/desks";
import { listUnits } from "~db/repositories/units";
import type { AppContext } from "~/context";
import { localDateOf } from "~/domain/time";
import { openUnits } from "~/domain/units";
import { MANAGERS, type Scope, type Staff, actorOf, requireStaff } from "./access.server";
import {
  type ImportPlan,
  type PreviewResult,
  csvTextSchema,
  hasErrors,
  markDuplicates,
  planResult,
  readImportForm,
  readRows,
  settle,
  tooLong,
  unitsByCode,
} from "./csv-import.server";
import { DESK_CODE } from "./desks.server";
import { badIntent, done } from "./forms.server";
import { name } from "./schemas.server";

export const DESK_COLUMNS = ["unit_code", "code", "name"] as const;
export const MAX_DESK_ROWS = 10_000;

const rowSchema = z.object({
  unit_code: z.string().min(1),
  code: z
    .string()
    .min(1)
    .refine((v) => DESK_CODE.test(v), { params: { code: "desk_code_format" } }),
  name,
});

export interface DeskRow {
  unitId: number;
  unitCode: string;
  code: string;
  name: string;
}

/** Checks a file against the stored units and desks, for a user with `scope`. Pure. */
export function planDeskImport(
  text: string,
  units: readonly Unit[],
  desks: readonly Pick<DeskListing, "code" | "name" | "unitId">[],
  scope: Scope,
  today: string
): ImportPlan<DeskRow> {
  const read = readRows(text, DESK_COLUMNS, 3, MAX_DESK_ROWS, (cells) => /^\d+$/.test(cells[0] ?? ""), rowSchema);
  if (read.fileProblems.length > 0) return { rows: [], fileProblems: read.fileProblems };
  const open = unitsByCode(openUnits(units, scope.has, today));
  const stored = new Map(desks.map((d) => [d.code.toLowerCase(), d]));
  const plan: ImportPlan<DeskRow> = { fileProblems: [], rows: [] };
  for (const row of read.rows) {
    const next = { ...row, data: undefined as DeskRow | undefined };
    plan.rows.push(next);
    if (!row.data) continue;
    const unit = open.get(row.data.unit_code);
    if (!unit) {
      next.problems.push({ field: "unit_code", code: "unit_code_not_found", params: { code: row.data.unit_code } });
      continue;
    }
    next.data = { unitId: unit.id, unitCode: unit.code, code: row.data.code, name: row.data.name };
    const existing = stored.get(row.data.code.toLowerCase());
    if (existing) {
      if (existing.unitId === unit.id && existing.name === row.data.name && existing.code === row.data.code) {
        next.status = "unchanged";
      } else next.problems.push({ field: "code", code: "duplicate_desk_code", params: { code: row.data.code } });
    }
  }
  markDuplicates(plan.rows, "code", (r) => r.values.code.toLowerCase());
  return settle(plan);
}

export type DeskImportOutcome = { applied: true; created: number } | { applied: false; plan: ImportPlan<DeskRow> };

/** All or nothing: re-plans inside the transaction and stores only when no row is in error. */
export async function importDesks(db: DB, staff: Staff, now: Date, text: string): Promise<DeskImportOutcome> {
  return db.transaction().execute(async (trx) => {
    const plan = planDeskImport(text, await listUnits(trx), await listDesks(trx), staff.scope, localDateOf(now));
    if (hasErrors(plan)) return { applied: false, plan };
    let created = 0;
    for (const row of plan.rows) {
      if (row.status !== "new" || !row.data) continue;
      const d = row.data;
      const desk = await insertDesk(trx, {
        code: d.code,
        name: d.name,
        unitId: d.unitId,
        createdAt: now.toISOString(),
      });
      await recordAudit(trx, actorOf(staff), now, {
        action: "import",
        entity: "desk",
        entityId: desk.id,
        unitId: desk.unitId,
        after: { code: desk.code, name: desk.name, unit: d.unitCode, active: desk.active },
      });
      created++;
    }
    return { applied: true, created };
  });
}

export async function loadDeskImport(app: AppContext, request: Request) {
  await requireStaff(app, request, MANAGERS);
  return { maxRows: MAX_DESK_ROWS };
}

export async function deskImportAction(app: AppContext, request: Request): Promise<PreviewResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, text, pasted } = await readImportForm(request);
  if (intent !== "preview" && intent !== "apply") return badIntent(staff.t);
  if (!csvTextSchema.safeParse(text).success) return tooLong(staff.t);
  const now = app.now();
  if (intent === "apply") {
    const outcome = await importDesks(app.db, staff, now, text);
    if (outcome.applied) done("/admin/desks", "desks_imported", outcome.created);
    return planResult(outcome.plan, text, staff.t, 400, pasted);
  }
  const plan = planDeskImport(text, await listUnits(app.db), await listDesks(app.db), staff.scope, localDateOf(now));
  return planResult(plan, text, staff.t, 200, pasted);
}
