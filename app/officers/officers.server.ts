/**
 * Officers (cán bộ tiếp nhận) as administrators keep them: per desk, moves
 * between desks that keep their history, deactivation, and the duty PIN
 * (scrypt-hashed like passwords). Managers keep the officers of their
 * subtree's desks, administrators all. Every change is audited. ADR 056.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { recordAudit, listAuditEntries } from "~db/repositories/audit";
import { findDeskByCode, findDeskById } from "~db/repositories/desks";
import {
  type Officer,
  deactivateOfficer,
  findOfficerByCode,
  findOfficerById,
  insertOfficer,
  listAssignments,
  moveOfficer,
  reactivateOfficer,
  renameOfficer,
  setOfficerPin,
} from "~db/repositories/officers";
import type { Desk } from "~db/repositories/desks";
import { type OfficerSort, pageDesks, pageOfficers } from "~db/repositories/list-pages";
import { MANAGERS, type Staff, actorOf, notFound, requireInScope, requireStaff } from "~/admin/access.server";
import { auditView } from "~/admin/audit-view.server";
import { type ActionResult, badIntent, done, insertUnique, readForm, reject, runForm } from "~/admin/forms.server";
import { name, requiredId } from "~/admin/schemas.server";
import {
  FORM_OPTIONS_MAX,
  listCsv,
  listView,
  parseChoice,
  parseListParams,
  unitFilter,
} from "~/admin/list-query.server";
import { hashPassword } from "~/auth/password.server";
import type { AppContext } from "~/context";
import type { Actor } from "~/domain/audit";

export const OFFICER_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
/** A duty PIN: 4 to 8 digits. */
export const PIN = /^[0-9]{4,8}$/;

export const officerCode = z
  .string()
  .trim()
  .min(1)
  .refine((v) => OFFICER_CODE.test(v), { params: { code: "officer_code_format" } });
export const pin = z
  .string()
  .trim()
  .refine((v) => PIN.test(v), { params: { code: "pin_format" } });

function auditValues(o: Officer, desk: Pick<Desk, "code">) {
  return { code: o.code, name: o.name, desk: desk.code, active: o.active ? 1 : 0 };
}

/**
 * A new officer at a desk (already checked to be in the actor's scope), with
 * an optional PIN; audited. Rejects a taken code (field "code").
 */
export async function createOfficer(
  db: DB,
  actor: Actor,
  now: Date,
  input: { desk: Desk; code: string; name: string; pin: string | null }
): Promise<Officer> {
  const pinHash = input.pin ? await hashPassword(input.pin) : null;
  return db.transaction().execute(async (trx) => {
    if (await findOfficerByCode(trx, input.code)) reject("code", "duplicate_officer_code", { code: input.code });
    const officer = await insertUnique(
      insertOfficer(trx, {
        code: input.code,
        name: input.name,
        deskId: input.desk.id,
        pinHash,
        at: now.toISOString(),
      }),
      "code",
      "duplicate_officer_code",
      { code: input.code }
    );
    await recordAudit(trx, actor, now, {
      action: "create",
      entity: "officer",
      entityId: officer.id,
      unitId: input.desk.unitId,
      after: { ...auditValues(officer, input.desk), pin: pinHash ? 1 : 0 },
    });
    return officer;
  });
}

/** The officer's desk by code, for the command line (every desk is in the CLI's scope). */
export async function deskForOfficer(db: DB, code: string): Promise<Desk | undefined> {
  return findDeskByCode(db, code);
}

export const OFFICER_SORTS = ["unit", "code", "name"] as const satisfies readonly OfficerSort[];
const OFFICER_STATES = ["active", "inactive"] as const;

/** The officers list's filter from the URL (400 on a value the page does not offer), in the staff member's scope. */
async function officerFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, OFFICER_SORTS);
  const state = parseChoice(url, "state", OFFICER_STATES);
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = { unitIds, active: state === undefined ? undefined : state === "active", q: params.q };
  return { params, state, picker, filter };
}

export async function loadOfficers(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, state, picker, filter } = await officerFilter(app, staff, request);
  const [page, desks] = await Promise.all([
    pageOfficers(app.db, filter, params),
    // The create form's desks: those of the chosen unit, else of the scope, while they are few.
    pageDesks(
      app.db,
      { unitIds: filter.unitIds, active: true },
      { sort: "unit", dir: "asc", page: 1, size: FORM_OPTIONS_MAX + 1 }
    ),
  ]);
  const tooMany = desks.total > FORM_OPTIONS_MAX;
  return {
    officers: page.rows,
    list: listView(params, OFFICER_SORTS, page),
    state: state ?? null,
    states: OFFICER_STATES,
    picker,
    desks: tooMany ? [] : desks.rows.map((d) => ({ id: d.id, label: `${d.unitCode} · ${d.name} (${d.code})` })),
    /** Too many desks to offer: the form asks for a unit to be chosen in the filter first. */
    desksNarrowed: tooMany,
  };
}

/** Every officer of the filter, as CSV (never a PIN: only whether one is set). */
export async function officersCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter } = await officerFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "can-bo.csv",
    [
      t("admin:officers.code"),
      t("admin:officers.name"),
      t("admin:officers.desk_code"),
      t("admin:officers.desk"),
      t("admin:officers.unit_code"),
      t("admin:officers.unit"),
      t("admin:officers.state"),
      t("admin:officers.pin"),
    ],
    params,
    (req) => pageOfficers(app.db, filter, req),
    (o) => [
      o.code,
      o.name,
      o.deskCode,
      o.deskName,
      o.unitCode,
      o.unitName,
      o.active ? t("admin:officers.active") : t("admin:officers.inactive"),
      o.hasPin ? t("admin:officers.has_pin") : t("admin:officers.no_pin"),
    ]
  );
}

const createSchema = z.object({
  desk: requiredId,
  code: officerCode,
  name,
  pin: z.union([z.literal(""), pin]).transform((v) => v || null),
});

async function deskInScope(db: DB, staff: Staff, id: number): Promise<Desk> {
  const desk = await findDeskById(db, id);
  if (!desk || !staff.scope.has(desk.unitId)) reject("desk", "desk_not_found");
  if (!desk.active) reject("desk", "desk_inactive");
  return desk;
}

export async function officersAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  if (intent !== "create") return badIntent(staff.t);
  return runForm(staff.t, "create", values, createSchema, async (input) => {
    const officer = await addOfficer(app.db, staff, app.now(), input);
    done(`/admin/officers/${officer.id}`, "officer_created");
  });
}

/** A new officer at a desk of the staff member's scope (an active one); audited. */
export async function addOfficer(
  db: DB,
  staff: Staff,
  now: Date,
  input: { desk: number; code: string; name: string; pin: string | null }
): Promise<Officer> {
  const desk = await deskInScope(db, staff, input.desk);
  return createOfficer(db, actorOf(staff), now, { ...input, desk });
}

async function officerInScope(
  db: DB,
  staff: Staff,
  rawId: string | undefined
): Promise<{ officer: Officer; desk: Desk }> {
  const id = Number(rawId);
  const officer = Number.isInteger(id) && id > 0 ? await findOfficerById(db, id) : undefined;
  if (!officer) notFound();
  const desk = (await findDeskById(db, officer.deskId))!;
  requireInScope(staff, desk.unitId);
  return { officer, desk };
}

export async function loadOfficer(app: AppContext, request: Request, rawId: string | undefined) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { officer, desk } = await officerInScope(app.db, staff, rawId);
  const history = await listAuditEntries(app.db, { entity: "officer", entityId: String(officer.id), limit: 50 });
  return {
    officer: { id: officer.id, code: officer.code, name: officer.name, active: officer.active, hasPin: officer.hasPin },
    desk: { id: desk.id, code: desk.code, name: desk.name },
    assignments: await listAssignments(app.db, officer.id),
    ...(await moveChoices(app, staff, request, desk)),
    history: history.map(auditView),
  };
}

/**
 * The move form's desks: the other active desks of the unit chosen with the lists' unit picker (`unit`, `unitq`),
 * else of the scope, while there are at most FORM_OPTIONS_MAX of them (a national scope has thousands, issue 18).
 */
async function moveChoices(app: AppContext, staff: Staff, request: Request, current: Desk) {
  const { picker, unitIds } = await unitFilter(app, staff, parseListParams(new URL(request.url), OFFICER_SORTS));
  const page = await pageDesks(
    app.db,
    { unitIds, active: true },
    { sort: "unit", dir: "asc", page: 1, size: FORM_OPTIONS_MAX + 1 }
  );
  const others = page.rows.filter((d) => d.id !== current.id);
  const listed = current.active && (unitIds === undefined || unitIds.includes(current.unitId));
  const tooMany = page.total - (listed ? 1 : 0) > FORM_OPTIONS_MAX;
  return {
    picker,
    desks: tooMany ? [] : others.map((d) => ({ id: d.id, label: `${d.unitCode} · ${d.name} (${d.code})` })),
    /** Too many desks to offer: the form asks for a unit to be chosen first. */
    desksNarrowed: tooMany,
  };
}

const renameSchema = z.object({ name });
const moveSchema = z.object({ desk: requiredId });
const pinSchema = z.object({ pin });

/** A change to an officer, as the officer page's forms ask for it (already validated). */
export type OfficerChange =
  | { type: "rename"; name: string }
  | { type: "move"; desk: number }
  | { type: "deactivate" }
  | { type: "reactivate" }
  | { type: "pin"; pin: string };

/**
 * Makes a change to an officer in the staff member's scope (else 404), audited
 * in the same transaction. Problems (an inactive officer, a desk outside the
 * scope or the same desk) are thrown as FormProblems.
 */
export async function changeOfficer(
  db: DB,
  staff: Staff,
  now: Date,
  rawId: string | number,
  change: OfficerChange
): Promise<void> {
  const { officer, desk } = await officerInScope(db, staff, String(rawId));
  const at = now.toISOString();
  const before = auditValues(officer, desk);
  const audit = (trx: DB, action: "rename" | "move_desk" | "retire" | "restore" | "set_pin", after: object) =>
    recordAudit(trx, actorOf(staff), now, {
      action,
      entity: "officer",
      entityId: officer.id,
      unitId: desk.unitId,
      before,
      after,
    });
  switch (change.type) {
    case "rename":
      return db.transaction().execute(async (trx) => {
        await renameOfficer(trx, officer.id, change.name);
        await audit(trx, "rename", { ...before, name: change.name });
      });
    case "move": {
      if (!officer.active) reject("desk", "officer_inactive");
      const target = await deskInScope(db, staff, change.desk);
      if (target.id === desk.id) reject("desk", "officer_same_desk");
      return db.transaction().execute(async (trx) => {
        await moveOfficer(trx, officer.id, target.id, at);
        await audit(trx, "move_desk", { ...before, desk: target.code });
      });
    }
    case "deactivate":
    case "reactivate": {
      const active = change.type === "reactivate";
      if (officer.active === active) return;
      return db.transaction().execute(async (trx) => {
        if (active) await reactivateOfficer(trx, officer.id, desk.id, at);
        else await deactivateOfficer(trx, officer.id, at);
        await audit(trx, active ? "restore" : "retire", { ...before, active: active ? 1 : 0 });
      });
    }
    case "pin": {
      const hash = await hashPassword(change.pin);
      return db.transaction().execute(async (trx) => {
        await setOfficerPin(trx, officer.id, hash);
        // The PIN itself is never written anywhere but as its hash.
        await audit(trx, "set_pin", { ...before, pin: 1 });
      });
    }
  }
}

export async function officerAction(
  app: AppContext,
  request: Request,
  rawId: string | undefined
): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { officer } = await officerInScope(app.db, staff, rawId);
  const { intent, values } = await readForm(request);
  const path = `/admin/officers/${officer.id}`;
  const change = (c: OfficerChange) => changeOfficer(app.db, staff, app.now(), officer.id, c);
  switch (intent) {
    case "rename":
      return runForm(staff.t, intent, values, renameSchema, async (input) => {
        await change({ type: "rename", name: input.name });
        done(path, "officer_updated");
      });
    case "move":
      return runForm(staff.t, intent, values, moveSchema, async (input) => {
        await change({ type: "move", desk: input.desk });
        done(path, "officer_moved");
      });
    case "deactivate":
    case "reactivate":
      return runForm(staff.t, intent, values, z.object({}), async () => {
        await change({ type: intent });
        done(path, intent === "reactivate" ? "officer_reactivated" : "officer_deactivated");
      });
    case "pin":
      return runForm(staff.t, intent, values, pinSchema, async (input) => {
        await change({ type: "pin", pin: input.pin });
        done(path, "officer_pin_set");
      });
    default:
      return badIntent(staff.t);
  }
}
