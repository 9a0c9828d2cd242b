/**
 * Units: the tree with codes, names, levels and validity; create, rename,
 * move, retire (a retired unit keeps its history: responses keep pointing at
 * it) and restore; and, for a new installation, picking its province from the
 * 34 of QĐ 19/2025. Rules in app/domain/units.ts; every write audited.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { listAuditEntries, recordAudit } from "~db/repositories/audit";
import { listDesks, moveDesksToUnit } from "~db/repositories/desks";
import { getSetting, setSetting, SETTING_KEYS } from "~db/repositories/settings";
import {
  countActiveDesksOfUnit,
  findUnitById,
  findUnitsByCode,
  insertUnit,
  listUnits,
  moveChildrenFrom,
  updateUnit,
} from "~db/repositories/units";
import { moveUsersToUnit } from "~db/repositories/users";
import { UNIT_LEVELS, type Unit } from "~db/schema";
import type { AppContext } from "~/context";
import { addDays, localDateOf } from "~/domain/time";
import {
  type TreeUnit,
  allowedParentLevels,
  buildTree,
  codeMatchesLevel,
  codeProblems,
  descendantIds,
  hasEnded,
  parentProblems,
  periodProblems,
  pruneEnded,
} from "~/domain/units";
import { PROVINCES_2025, referenceProvince } from "./provinces";
import type { Problem } from "~/utils/problems";
import {
  MANAGERS,
  type Staff,
  actorOf,
  forbidden,
  mayChangeUnit,
  notFound,
  requireInScope,
  requireStaff,
} from "./access.server";
import { auditView } from "./audit-view.server";
import { type ActionResult, badIntent, done, readForm, reject, rejectAll, runForm, runWork } from "./forms.server";
import { name, optionalDate, optionalId, requiredDate, requiredId } from "./schemas.server";

/** What the pages show of a unit. */
export type UnitView = Pick<Unit, "id" | "code" | "name" | "level" | "parent_id" | "valid_from" | "valid_to">;

function view(u: Unit): UnitView {
  const { id, code, name, level, parent_id, valid_from, valid_to } = u;
  return { id, code, name, level, parent_id, valid_from, valid_to };
}

/** Audit values of a unit; the parent by its code, as people know it. */
export function unitAuditValues(
  u: Pick<Unit, "code" | "name" | "level" | "valid_from" | "valid_to">,
  parent: Pick<Unit, "code"> | null | undefined
) {
  return {
    code: u.code,
    name: u.name,
    level: u.level,
    parent: parent?.code ?? null,
    valid_from: u.valid_from,
    valid_to: u.valid_to,
  };
}

/** The problems a unit (new or changed) would have among `all` units, for `staff`. */
export function unitProblems(
  candidate: Omit<TreeUnit, "id"> & { id?: number },
  all: readonly Unit[],
  parent: Unit | null,
  staff: Staff
): Problem[] {
  const problems: Problem[] = [];
  if (!codeMatchesLevel(candidate.code, candidate.level)) {
    problems.push({ field: "code", code: "unit_code_format", params: { level: candidate.level } });
  }
  problems.push(...periodProblems(candidate));
  problems.push(...codeProblems(candidate, all, staff.scope.has));
  const descendants = candidate.id === undefined ? new Set<number>() : descendantIds(all, candidate.id);
  problems.push(...parentProblems(candidate, parent, descendants));
  return problems;
}

/** Units a user may pick (for a desk, an account, a parent): in their scope and not ended. */
export function openUnitsInScope(all: readonly Unit[], staff: Staff, today: string): UnitView[] {
  return all.filter((u) => staff.scope.has(u.id) && !hasEnded(u, today)).map(view);
}

/** Units a user may pick as a parent: as above, able to hold children. */
function parentOptions(all: readonly Unit[], staff: Staff, today: string): UnitView[] {
  return openUnitsInScope(all, staff, today).filter((u) => u.level !== "commune");
}

export async function loadUnits(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const url = new URL(request.url);
  const showEnded = url.searchParams.get("ended") === "1";
  const today = localDateOf(app.now());
  const all = await listUnits(app.db);
  const inScope = all.filter((u) => staff.scope.has(u.id)).map(view);
  const tree = buildTree(inScope);
  const existingCodes = new Set(all.filter((u) => u.level === "province").map((u) => u.code));
  return {
    today,
    showEnded,
    tree: showEnded ? tree : pruneEnded(tree, today),
    total: inScope.length,
    ended: inScope.filter((u) => hasEnded(u, today)).length,
    parents: parentOptions(all, staff, today),
    canCreateProvince: staff.user.role === "admin",
    /** Reference provinces not yet in the database (administrators only). */
    provinces: staff.user.role === "admin" ? PROVINCES_2025.filter((p) => !existingCodes.has(p.code)) : [],
    levels: staff.user.role === "admin" ? UNIT_LEVELS : UNIT_LEVELS.filter((l) => l !== "province"),
  };
}

const createSchema = z.object({
  code: z.string().trim().min(1).max(10),
  name,
  level: z.enum(UNIT_LEVELS),
  parent: optionalId,
  valid_from: optionalDate,
  valid_to: optionalDate,
});

export async function createUnit(db: DB, staff: Staff, now: Date, input: z.output<typeof createSchema>): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const parent = input.parent === null ? null : (all.find((u) => u.id === input.parent) ?? null);
    if (input.parent !== null && (!parent || !staff.scope.has(parent.id))) reject("parent", "unit_not_found");
    if (parent === null && staff.user.role !== "admin") reject("parent", "parent_required", { level: input.level });
    const candidate = {
      code: input.code,
      name: input.name,
      level: input.level,
      parent_id: parent?.id ?? null,
      valid_from: input.valid_from,
      valid_to: input.valid_to,
    };
    rejectAll(unitProblems(candidate, all, parent, staff));
    const unit = await insertUnit(trx, { ...candidate, created_at: now.toISOString() });
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      after: unitAuditValues(unit, parent),
    });
    return unit;
  });
}

/** Creates a province from the reference list; the first one also names the province in report headers. */
export async function createReferenceProvince(db: DB, staff: Staff, now: Date, code: string): Promise<Unit> {
  if (staff.user.role !== "admin") forbidden();
  const province = referenceProvince(code);
  if (!province) reject("province", "unit_not_found");
  const unit = await createUnit(db, staff, now, {
    code: province.code,
    name: province.name,
    level: "province",
    parent: null,
    valid_from: null,
    valid_to: null,
  });
  if ((await getSetting(db, SETTING_KEYS.provinceName)) === undefined) {
    await db.transaction().execute(async (trx) => {
      await setSetting(trx, SETTING_KEYS.provinceName, province.name);
      await recordAudit(trx, actorOf(staff), now, {
        action: "update",
        entity: "setting",
        entityId: SETTING_KEYS.provinceName,
        unitId: null,
        before: null,
        after: { value: province.name },
      });
    });
  }
  return unit;
}

export async function unitsAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  const now = app.now();
  switch (intent) {
    case "create":
      return runForm(staff.t, "create", values, createSchema, async (input) => {
        const unit = await createUnit(app.db, staff, now, input);
        done(`/admin/units/${unit.id}`, "unit_created");
      });
    case "province":
      return runForm(staff.t, "province", values, z.object({ province: z.string().trim().min(1) }), async (input) => {
        await createReferenceProvince(app.db, staff, now, input.province);
        done("/admin/units", "province_created");
      });
    default:
      return badIntent(staff.t);
  }
}

/** A unit the staff member may see, or 404. */
async function unitInScope(db: DB, staff: Staff, id: number): Promise<Unit> {
  const unit = await findUnitById(db, id);
  if (!unit) notFound();
  requireInScope(staff, unit.id);
  return unit;
}

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) notFound();
  return id;
}

export async function loadUnit(app: AppContext, request: Request, rawId: string | undefined) {
  const staff = await requireStaff(app, request, MANAGERS);
  const unit = await unitInScope(app.db, staff, parseId(rawId));
  const today = localDateOf(app.now());
  const all = await listUnits(app.db);
  const parent = unit.parent_id === null ? null : (all.find((u) => u.id === unit.parent_id) ?? null);
  const below = descendantIds(all, unit.id);
  const moveTargets = parentOptions(all, staff, today).filter(
    (u) => !below.has(u.id) && allowedParentLevels(unit.level).includes(u.level) && u.id !== unit.parent_id
  );
  const history = await listAuditEntries(app.db, { entity: "unit", entityId: String(unit.id), limit: 50 });
  return {
    today,
    unit: view(unit),
    parent: parent ? view(parent) : null,
    /** The parent is shown as a link only when it is in scope. */
    parentInScope: parent !== null && staff.scope.has(parent.id),
    children: all.filter((u) => u.parent_id === unit.id).map(view),
    desks: await listDesks(app.db, { unitIds: [unit.id] }),
    /** The other rows of this code: the unit's earlier or later versions. */
    versions: (await findUnitsByCode(app.db, unit.code))
      .filter((u) => u.id !== unit.id && staff.scope.has(u.id))
      .map(view),
    canChange: mayChangeUnit(staff, unit.id),
    moveTargets,
    history: history.map(auditView),
  };
}

const renameSchema = z.object({ name, valid_from: optionalDate });
const moveSchema = z.object({ parent: requiredId, from: optionalDate });
const retireSchema = z.object({ valid_to: requiredDate });

/** Applies a change to a unit the staff member may change, re-checking the rules among all units. */
async function changeUnit(
  db: DB,
  staff: Staff,
  now: Date,
  id: number,
  action: "rename" | "move" | "retire" | "restore",
  patch: (unit: Unit) => Partial<Pick<Unit, "name" | "parent_id" | "valid_from" | "valid_to">>
): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const unit = all.find((u) => u.id === id);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    if (!mayChangeUnit(staff, unit.id)) forbidden();
    const changes = patch(unit);
    const candidate = { ...unit, ...changes };
    if (changes.parent_id !== undefined && !staff.scope.has(changes.parent_id)) reject("parent", "unit_not_found");
    const parent = candidate.parent_id === null ? null : (all.find((u) => u.id === candidate.parent_id) ?? null);
    rejectAll(unitProblems(candidate, all, parent, staff));
    const updated = await updateUnit(trx, unit.id, changes);
    await recordAudit(trx, actorOf(staff), now, {
      action,
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      before: unitAuditValues(
        unit,
        all.find((u) => u.id === unit.parent_id)
      ),
      after: unitAuditValues(updated, parent),
    });
    return updated;
  });
}

export async function renameUnit(db: DB, staff: Staff, now: Date, id: number, input: z.output<typeof renameSchema>) {
  return changeUnit(db, staff, now, id, "rename", () => ({ name: input.name, valid_from: input.valid_from }));
}

/**
 * Moves a unit under another parent. Without a date the move rewrites the
 * unit's past too (its whole history follows it). With a date it becomes a
 * new version of the same code under the new parent from that day: the old
 * row ends the day before and keeps the responses given until then (reports
 * count them under the old parent), while its desks, accounts and the
 * children still valid move to the new row.
 */
export async function moveUnit(
  db: DB,
  staff: Staff,
  now: Date,
  id: number,
  parentId: number,
  from: string | null = null
): Promise<Unit> {
  if (from === null) return changeUnit(db, staff, now, id, "move", () => ({ parent_id: parentId }));
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const unit = all.find((u) => u.id === id);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    if (!mayChangeUnit(staff, unit.id)) forbidden();
    if (!staff.scope.has(parentId)) reject("parent", "unit_not_found");
    if ((unit.valid_from !== null && from <= unit.valid_from) || (unit.valid_to !== null && from > unit.valid_to)) {
      reject("from", "move_date_outside");
    }
    const parent = all.find((u) => u.id === parentId) ?? null;
    const ended = { ...unit, valid_to: addDays(from, -1) };
    const others = all.map((u) => (u.id === unit.id ? ended : u));
    const next = {
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parent_id: parentId,
      valid_from: from,
      valid_to: unit.valid_to,
    };
    const problems = unitProblems(next, others, parent, staff);
    // The new version may not sit below the unit itself either.
    if (descendantIds(all, unit.id).has(parentId))
      problems.unshift({ field: "parent", code: "unit_cycle", params: { parent: parent?.code ?? "" } });
    rejectAll(problems);
    await updateUnit(trx, unit.id, { valid_to: ended.valid_to });
    const version = await insertUnit(trx, { ...next, created_at: now.toISOString() });
    const moved = {
      desks: await moveDesksToUnit(trx, unit.id, version.id),
      users: await moveUsersToUnit(trx, unit.id, version.id),
      children: await moveChildrenFrom(trx, unit.id, version.id, from),
    };
    const oldParent = all.find((u) => u.id === unit.parent_id);
    await recordAudit(trx, actorOf(staff), now, {
      action: "move",
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      before: unitAuditValues(unit, oldParent),
      after: { ...unitAuditValues(ended, oldParent), continued_as: version.id, ...moved },
    });
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "unit",
      entityId: version.id,
      unitId: version.id,
      after: { ...unitAuditValues(version, parent), continues: unit.id },
    });
    return version;
  });
}

/** Ends a unit's validity on `validTo` (its last day). Its active desks must be closed first. */
export async function retireUnit(db: DB, staff: Staff, now: Date, id: number, validTo: string) {
  const desks = await countActiveDesksOfUnit(db, id);
  if (desks > 0) reject("valid_to", "unit_has_active_desks", { count: desks });
  return changeUnit(db, staff, now, id, "retire", () => ({ valid_to: validTo }));
}

export async function restoreUnit(db: DB, staff: Staff, now: Date, id: number) {
  return changeUnit(db, staff, now, id, "restore", () => ({ valid_to: null }));
}

export async function unitAction(app: AppContext, request: Request, rawId: string | undefined): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const id = parseId(rawId);
  await unitInScope(app.db, staff, id);
  const { intent, values } = await readForm(request);
  const now = app.now();
  const path = `/admin/units/${id}`;
  switch (intent) {
    case "rename":
      return runForm(staff.t, "rename", values, renameSchema, async (input) => {
        await renameUnit(app.db, staff, now, id, input);
        done(path, "unit_renamed");
      });
    case "move":
      return runForm(staff.t, "move", values, moveSchema, async (input) => {
        const moved = await moveUnit(app.db, staff, now, id, input.parent, input.from);
        done(`/admin/units/${moved.id}`, "unit_moved");
      });
    case "retire":
      return runForm(staff.t, "retire", values, retireSchema, async (input) => {
        await retireUnit(app.db, staff, now, id, input.valid_to);
        done(path, "unit_retired");
      });
    case "restore":
      return runWork(staff.t, "restore", values, async () => {
        await restoreUnit(app.db, staff, now, id);
        done(path, "unit_restored");
      });
    default:
      return badIntent(staff.t);
  }
}
