/** Desks (quầy): per unit, a code, a name, active or not. Managers keep the desks of their subtree. */
import { z } from "zod";
import type { DB } from "~db/connection";
import { type Desk, findDeskByCode, findDeskById, insertDesk, updateDesk } from "~db/repositories/desks";
import { listDevices } from "~db/repositories/devices";
import { listAuditEntries, recordAudit } from "~db/repositories/audit";
import { findUnitById } from "~db/repositories/units";
import { type DeskSort, pageDesks } from "~db/repositories/list-pages";
import type { AppContext } from "~/context";
import { localDateOf } from "~/domain/time";
import { hasEnded } from "~/domain/units";
import { MANAGERS, type Staff, actorOf, notFound, requireInScope, requireStaff } from "./access.server";
import { auditView } from "./audit-view.server";
import { type ActionResult, badIntent, done, insertUnique, readForm, reject, runForm } from "./forms.server";
import { flag, name, requiredId } from "./schemas.server";
import { officeHours } from "~/devices/status.server";
import { tabletState, tabletView } from "./tablets.server";
import {
  formUnits,
  listCsv,
  listView,
  parseChoice,
  parseListParams,
  unitFilter,
  unitOptions,
} from "./list-query.server";

export const DESK_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const DESK_SORTS = ["unit", "code", "name"] as const satisfies readonly DeskSort[];
const DESK_STATES = ["active", "inactive"] as const;

async function deskFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, DESK_SORTS);
  const state = parseChoice(url, "state", DESK_STATES);
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = { unitIds, q: params.q, active: state === undefined ? undefined : state === "active" };
  return { params, state, picker, filter };
}

export async function loadDesks(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, state, picker, filter } = await deskFilter(app, staff, request);
  const [page, form] = await Promise.all([pageDesks(app.db, filter, params), formUnits(app, staff, picker.chosen)]);
  return {
    // Only what the table shows: a page of 200 stays light (ADR 058).
    desks: page.rows.map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      active: d.active,
      unitCode: d.unitCode,
      unitName: d.unitName,
      devices: d.devices,
    })),
    list: listView(params, DESK_SORTS, page),
    state: state ?? null,
    states: DESK_STATES,
    picker,
    units: unitOptions(form.units),
    unitsNarrowed: form.narrowed,
  };
}

/** Every desk of the filter, as CSV. */
export async function desksCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter } = await deskFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "quay.csv",
    [
      t("admin:desks.code"),
      t("admin:desks.name"),
      t("admin:desks.unit_code"),
      t("admin:desks.unit"),
      t("admin:desks.state"),
      t("admin:desks.tablets"),
    ],
    params,
    (req) => pageDesks(app.db, filter, req),
    (d) => [
      d.code,
      d.name,
      d.unitCode,
      d.unitName,
      d.active ? t("admin:desks.active") : t("admin:desks.inactive"),
      d.devices,
    ]
  );
}

const createSchema = z.object({
  unit: requiredId,
  code: z
    .string()
    .trim()
    .min(1)
    .refine((v) => DESK_CODE.test(v), { params: { code: "desk_code_format" } }),
  name,
});

function auditValues(d: Desk, unitCode: string) {
  return { code: d.code, name: d.name, unit: unitCode, active: d.active };
}

export async function createDesk(db: DB, staff: Staff, now: Date, input: z.output<typeof createSchema>): Promise<Desk> {
  const unit = await findUnitById(db, input.unit);
  if (!unit || !staff.scope.has(unit.id)) reject("unit", "unit_not_found");
  if (hasEnded(unit, localDateOf(now))) reject("unit", "unit_ended");
  return db.transaction().execute(async (trx) => {
    if (await findDeskByCode(trx, input.code)) reject("code", "duplicate_desk_code", { code: input.code });
    const desk = await insertUnique(
      insertDesk(trx, { code: input.code, name: input.name, unitId: unit.id, createdAt: now.toISOString() }),
      "code",
      "duplicate_desk_code",
      { code: input.code }
    );
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "desk",
      entityId: desk.id,
      unitId: desk.unitId,
      after: auditValues(desk, unit.code),
    });
    return desk;
  });
}

export async function desksAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  if (intent !== "create") return badIntent(staff.t);
  return runForm(staff.t, "create", values, createSchema, async (input) => {
    const desk = await createDesk(app.db, staff, app.now(), input);
    done(`/admin/desks/${desk.id}`, "desk_created");
  });
}

async function deskInScope(db: DB, staff: Staff, rawId: string | undefined): Promise<Desk> {
  const id = Number(rawId);
  const desk = Number.isInteger(id) && id > 0 ? await findDeskById(db, id) : undefined;
  if (!desk) notFound();
  requireInScope(staff, desk.unitId);
  return desk;
}

export async function loadDesk(app: AppContext, request: Request, rawId: string | undefined) {
  const staff = await requireStaff(app, request, MANAGERS);
  const desk = await deskInScope(app.db, staff, rawId);
  const unit = (await findUnitById(app.db, desk.unitId))!;
  const history = await listAuditEntries(app.db, { entity: "desk", entityId: String(desk.id), limit: 50 });
  const hours = await officeHours(app.db);
  return {
    desk: { id: desk.id, code: desk.code, name: desk.name, active: desk.active },
    unit: { id: unit.id, code: unit.code, name: unit.name },
    tablets: (await listDevices(app.db, { unitIds: [unit.id] }))
      .filter((d) => d.deskId === desk.id)
      .map((d) => tabletView(tabletState(d, app.now(), hours))),
    history: history.map(auditView),
  };
}

const updateSchema = z.object({ name, active: flag });

export async function changeDesk(
  db: DB,
  staff: Staff,
  now: Date,
  desk: Desk,
  input: z.output<typeof updateSchema>
): Promise<Desk> {
  const unitCode = (await findUnitById(db, desk.unitId))?.code ?? "";
  return db.transaction().execute(async (trx) => {
    const updated = await updateDesk(trx, desk.id, { name: input.name, active: input.active });
    await recordAudit(trx, actorOf(staff), now, {
      action: "update",
      entity: "desk",
      entityId: desk.id,
      unitId: desk.unitId,
      before: auditValues(desk, unitCode),
      after: auditValues(updated, unitCode),
    });
    return updated;
  });
}

export async function deskAction(app: AppContext, request: Request, rawId: string | undefined): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const desk = await deskInScope(app.db, staff, rawId);
  const { intent, values } = await readForm(request);
  if (intent !== "update") return badIntent(staff.t);
  return runForm(staff.t, "update", values, updateSchema, async (input) => {
    await changeDesk(app.db, staff, app.now(), desk, input);
    done(`/admin/desks/${desk.id}`, "desk_updated");
  });
}
