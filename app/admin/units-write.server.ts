/**
 * Units' writes: create (or a province from the reference list), rename,
 * move (now or from a date, as a new version), retire and restore. Each runs
 * in one transaction that re-reads the tree, checks the rules of
 * app/domain/units.ts for the staff member's scope and records the change in
 * the audit log. The pages' loaders and actions are in units.server.ts.
 */
import type { DB } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import { moveDesksToUnit } from "~db/repositories/desks";
import { getSetting, saveSettingAudited, SETTING_KEYS } from "~db/repositories/settings";
import {
  type Unit,
  type UnitPatch,
  countActiveDesksOfUnit,
  findUnitById,
  insertUnit,
  listUnits,
  moveChildrenFrom,
  updateUnit,
} from "~db/repositories/units";
import { type ReportSigner, findReportSigner, upsertReportSigner } from "~db/repositories/report-signers";
import { moveUsersToUnit } from "~db/repositories/users";
import type { UnitLevel } from "~db/schema";
import { datedMove, moveDateProblems, unitAuditValues, unitProblems } from "~/domain/units";
import { type SigningInput, choicesOf } from "~/reports/signing.server";
import { type Staff, actorOf, forbidden, mayChangeUnit, maySetSigning, notFound } from "./access.server";
import { reject, rejectAll } from "./forms.server";
import { referenceProvince } from "./provinces";

export interface NewUnit {
  code: string;
  name: string;
  level: UnitLevel;
  /** The parent's id; null for a province. */
  parent: number | null;
  validFrom: string | null;
  validTo: string | null;
}

export async function createUnit(db: DB, staff: Staff, now: Date, input: NewUnit): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const parent = input.parent === null ? null : (all.find((u) => u.id === input.parent) ?? null);
    if (input.parent !== null && (!parent || !staff.scope.has(parent.id))) reject("parent", "unit_not_found");
    if (parent === null && staff.user.role !== "admin") reject("parent", "parent_required", { level: input.level });
    const candidate = {
      code: input.code,
      name: input.name,
      level: input.level,
      parentId: parent?.id ?? null,
      validFrom: input.validFrom,
      validTo: input.validTo,
    };
    rejectAll(unitProblems(candidate, all, parent, staff.scope.has));
    const unit = await insertUnit(trx, { ...candidate, createdAt: now.toISOString() });
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
    validFrom: null,
    validTo: null,
  });
  if ((await getSetting(db, SETTING_KEYS.provinceName)) === undefined) {
    await db
      .transaction()
      .execute((trx) => saveSettingAudited(trx, actorOf(staff), now, SETTING_KEYS.provinceName, province.name));
  }
  return unit;
}

/** Applies a change to a unit the staff member may change, re-checking the rules among all units. */
async function changeUnit(
  db: DB,
  staff: Staff,
  now: Date,
  id: number,
  action: "rename" | "move" | "retire" | "restore",
  patch: (unit: Unit) => UnitPatch
): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const unit = all.find((u) => u.id === id);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    if (!mayChangeUnit(staff, unit.id)) forbidden();
    const changes = patch(unit);
    const candidate = { ...unit, ...changes };
    if (changes.parentId !== undefined && !staff.scope.has(changes.parentId)) reject("parent", "unit_not_found");
    const parent = candidate.parentId === null ? null : (all.find((u) => u.id === candidate.parentId) ?? null);
    rejectAll(unitProblems(candidate, all, parent, staff.scope.has));
    const updated = await updateUnit(trx, unit.id, changes);
    await recordAudit(trx, actorOf(staff), now, {
      action,
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      before: unitAuditValues(
        unit,
        all.find((u) => u.id === unit.parentId)
      ),
      after: unitAuditValues(updated, parent),
    });
    return updated;
  });
}

export async function renameUnit(
  db: DB,
  staff: Staff,
  now: Date,
  id: number,
  input: { name: string; validFrom: string | null }
) {
  return changeUnit(db, staff, now, id, "rename", () => ({ name: input.name, validFrom: input.validFrom }));
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
  if (from === null) return changeUnit(db, staff, now, id, "move", () => ({ parentId }));
  return db.transaction().execute(async (trx) => {
    const all = await listUnits(trx);
    const unit = all.find((u) => u.id === id);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    if (!mayChangeUnit(staff, unit.id)) forbidden();
    if (!staff.scope.has(parentId)) reject("parent", "unit_not_found");
    rejectAll(moveDateProblems(unit, from));
    const { ended, next, parent, problems } = datedMove(unit, all, parentId, from, staff.scope.has);
    rejectAll(problems);
    await updateUnit(trx, unit.id, { validTo: ended.validTo });
    const version = await insertUnit(trx, { ...next, createdAt: now.toISOString() });
    const moved = {
      desks: await moveDesksToUnit(trx, unit.id, version.id),
      users: await moveUsersToUnit(trx, unit.id, version.id),
      children: await moveChildrenFrom(trx, unit.id, version.id, from),
    };
    const oldParent = all.find((u) => u.id === unit.parentId);
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
  return changeUnit(db, staff, now, id, "retire", () => ({ validTo }));
}

export async function restoreUnit(db: DB, staff: Staff, now: Date, id: number) {
  return changeUnit(db, staff, now, id, "restore", () => ({ validTo: null }));
}

/** Audit values of a unit's signing settings, as the form names them. */
function signerAuditValues(s: ReportSigner) {
  return {
    issuer_kind: s.issuerKind,
    issuer_name: s.issuerName,
    number_suffix: s.numberSuffix,
    authority: s.authority,
    principal: s.principal,
    signer_title: s.signerTitle,
    signer_name: s.signerName,
    recipients: s.recipients.join("; "),
  };
}

/** Saves how a unit's reports are issued and signed, for its code (so later versions keep it); audited. */
export async function saveReportSigner(db: DB, staff: Staff, now: Date, id: number, input: SigningInput) {
  await db.transaction().execute(async (trx) => {
    const unit = await findUnitById(trx, id);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    if (!maySetSigning(staff, unit.id)) forbidden();
    const before = await findReportSigner(trx, unit.code);
    const choices = choicesOf(input);
    const signer: ReportSigner = { unitCode: unit.code, ...choices, updatedAt: now.toISOString() };
    await upsertReportSigner(trx, signer);
    await recordAudit(trx, actorOf(staff), now, {
      action: before ? "update" : "create",
      entity: "report_signer",
      entityId: unit.code,
      unitId: unit.id,
      before: before ? signerAuditValues(before) : null,
      after: signerAuditValues(signer),
    });
  });
}
