/**
 * Importing tablets from CSV (columns: desk code, tablet name; a header row
 * is optional). A row's desk must be active and in the importer's subtree; a
 * tablet of the same name already at the desk (not revoked) is "unchanged",
 * so importing a file twice creates nothing the second time. The tablets are
 * created without a pairing code: the page then prints the pairing sheet
 * (app/admin/pairing-sheet.server.ts), which issues their codes. All or
 * nothing, audited (ADR 059, 060).
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import { type DeskListing, listDesks } from "~db/repositories/desks";
import { type DeviceListing, listDevices } from "~db/repositories/devices";
import type { AppContext } from "~/context";
import { createUnpairedDevice } from "~/devices/devices.server";
import { MANAGERS, type Staff, actorOf, requireStaff } from "./access.server";
import {
  type ImportPlan,
  type PreviewBody,
  csvTextSchema,
  hasErrors,
  markDuplicates,
  planResult,
  readImportForm,
  readRows,
  settle,
  tooLong,
} from "./csv-import.server";
import { type ActionResult, badIntent } from "./forms.server";
import { name } from "./schemas.server";
import { SHEET_VALIDITY_HOURS } from "./pairing-sheet.server";

export const TABLET_COLUMNS = ["desk_code", "name"] as const;
export const MAX_TABLET_ROWS = 10_000;

/** What a header row's first cell may say (a desk code is none of these). */
const HEADER = new Set(["desk_code", "desk", "ma_quay", "mã quầy", "mã_quầy", "quầy"]);

const rowSchema = z.object({ desk_code: z.string().min(1), name });

export interface TabletImportRow {
  deskId: number;
  deskCode: string;
  unitId: number;
  name: string;
}

/** Checks a file against the desks and tablets in the importer's scope. Pure. */
export function planTabletImport(
  text: string,
  desks: readonly Pick<DeskListing, "id" | "code" | "active" | "unitId">[],
  devices: readonly Pick<DeviceListing, "deskId" | "name" | "revokedAt">[]
): ImportPlan<TabletImportRow> {
  const read = readRows(
    text,
    TABLET_COLUMNS,
    2,
    MAX_TABLET_ROWS,
    (cells) => !HEADER.has(cells[0].toLowerCase()),
    rowSchema
  );
  if (read.fileProblems.length > 0) return { rows: [], fileProblems: read.fileProblems };
  const byCode = new Map(desks.map((d) => [d.code.toLowerCase(), d]));
  const present = new Set(devices.filter((d) => d.revokedAt === null).map((d) => `${d.deskId}\n${d.name}`));
  const plan: ImportPlan<TabletImportRow> = { fileProblems: [], rows: [] };
  for (const row of read.rows) {
    const next = { ...row, data: undefined as TabletImportRow | undefined };
    plan.rows.push(next);
    if (!row.data) continue;
    const desk = byCode.get(row.data.desk_code.toLowerCase());
    if (!desk) {
      next.problems.push({ field: "desk_code", code: "desk_code_not_found", params: { code: row.data.desk_code } });
      continue;
    }
    if (!desk.active) {
      next.problems.push({ field: "desk_code", code: "desk_inactive" });
      continue;
    }
    next.data = { deskId: desk.id, deskCode: desk.code, unitId: desk.unitId, name: row.data.name };
    if (present.has(`${desk.id}\n${row.data.name}`)) next.status = "unchanged";
  }
  markDuplicates(plan.rows, "name", (r) => `${r.data?.deskId}\n${r.values.name}`);
  return settle(plan);
}

export type TabletImportOutcome =
  { applied: true; deviceIds: number[] } | { applied: false; plan: ImportPlan<TabletImportRow> };

/** All or nothing: re-plans inside the transaction and stores only when no row is in error. */
export async function importTablets(db: DB, staff: Staff, now: Date, text: string): Promise<TabletImportOutcome> {
  return db.transaction().execute(async (trx) => {
    const scope = { unitIds: staff.scope.unitIds };
    const plan = planTabletImport(text, await listDesks(trx, scope), await listDevices(trx, scope));
    if (hasErrors(plan)) return { applied: false, plan };
    const deviceIds: number[] = [];
    for (const row of plan.rows) {
      if (row.status !== "new" || !row.data) continue;
      const device = await createUnpairedDevice(trx, row.data.deskId, row.data.name, now);
      await recordAudit(trx, actorOf(staff), now, {
        action: "import",
        entity: "device",
        entityId: device.id,
        unitId: row.data.unitId,
        after: { name: device.name, desk: row.data.deskCode },
      });
      deviceIds.push(device.id);
    }
    return { applied: true, deviceIds };
  });
}

export async function loadTabletImport(app: AppContext, request: Request) {
  await requireStaff(app, request, MANAGERS);
  return { maxRows: MAX_TABLET_ROWS, validity: SHEET_VALIDITY_HOURS };
}

export async function tabletImportAction(
  app: AppContext,
  request: Request
): Promise<ActionResult<PreviewBody & { created?: { deviceIds: number[] } }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, text, pasted } = await readImportForm(request);
  if (intent !== "preview" && intent !== "apply") return badIntent(staff.t);
  if (!csvTextSchema.safeParse(text).success) return tooLong(staff.t);
  if (intent === "apply") {
    const outcome = await importTablets(app.db, staff, app.now(), text);
    if (outcome.applied) return { status: 200, body: { created: { deviceIds: outcome.deviceIds } } };
    return planResult(outcome.plan, text, staff.t, 400, pasted);
  }
  const scope = { unitIds: staff.scope.unitIds };
  const plan = planTabletImport(text, await listDesks(app.db, scope), await listDevices(app.db, scope));
  return planResult(plan, text, staff.t, 200, pasted);
}
