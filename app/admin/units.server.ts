/**
 * Units' pages: the tree with codes, names, levels and validity, one unit with
 * its versions, desks and history, and the forms that create, rename, move,
 * retire (a retired unit keeps its history: responses keep pointing at it) and
 * restore; for a new installation, picking its province from the 34 of
 * QĐ 19/2025. Rules in app/domain/units.ts; the writes, each audited, in
 * units-write.server.ts.
 */
import { z } from "zod";
import { listAuditEntries } from "~db/repositories/audit";
import { listDesks } from "~db/repositories/desks";
import { type ReportSigner, findReportSigner } from "~db/repositories/report-signers";
import { type Unit, findUnitById, findUnitsByCode, listUnits } from "~db/repositories/units";
import { type UnitSort, pageUnits } from "~db/repositories/list-pages";
import { UNIT_LEVELS } from "~db/schema";
import type { DB } from "~db/connection";
import type { AppContext } from "~/context";
import { localDateOf } from "~/domain/time";
import { buildTree, hasEnded, mayHoldChildren, moveTargets, openUnits, pruneEnded } from "~/domain/units";
import { signingSchema } from "~/reports/signing.server";
import {
  MANAGERS,
  type Staff,
  mayChangeUnit,
  maySetSigning,
  notFound,
  requireInScope,
  requireStaff,
} from "./access.server";
import { auditView } from "./audit-view.server";
import { type ActionResult, badIntent, done, readForm, runForm, runWork } from "./forms.server";
import { FORM_OPTIONS_MAX, listCsv, listView, parseChoice, parseListParams, unitFilter } from "./list-query.server";
import { PROVINCES_2025 } from "./provinces";
import { name, optionalDate, optionalId, requiredDate, requiredId } from "./schemas.server";
import {
  createReferenceProvince,
  createUnit,
  moveUnit,
  renameUnit,
  restoreUnit,
  retireUnit,
  saveReportSigner,
} from "./units-write.server";

/** What the pages show of a unit. */
export type UnitView = Pick<Unit, "id" | "code" | "name" | "level" | "parentId" | "validFrom" | "validTo">;

function view(u: Unit): UnitView {
  const { id, code, name, level, parentId, validFrom, validTo } = u;
  return { id, code, name, level, parentId, validFrom, validTo };
}

/** Units a user may pick (for a desk, an account, a parent): in their scope and not ended. */
export function openUnitsInScope(all: readonly Unit[], staff: Staff, today: string): UnitView[] {
  return openUnits(all, staff.scope.has, today).map(view);
}

/** Units a user may pick as a parent: as above, able to hold children. */
function parentOptions(all: readonly Unit[], staff: Staff, today: string): UnitView[] {
  return openUnitsInScope(all, staff, today).filter((u) => mayHoldChildren(u.level));
}

export const UNIT_SORTS = ["code", "name", "level"] as const satisfies readonly UnitSort[];
/** The list's parameters; with none of them, a small scope is shown as a tree. */
const LIST_PARAMS = ["q", "unit", "unitq", "level", "sort", "dir", "size", "page"];

async function unitListFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, UNIT_SORTS);
  const level = parseChoice(url, "level", UNIT_LEVELS);
  const ended = url.searchParams.get("ended") === "1";
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = { unitIds, level, q: params.q, ended, today: localDateOf(app.now()) };
  const filtered = LIST_PARAMS.some((name) => (url.searchParams.get(name) ?? "") !== "");
  return { params, level, ended, picker, filter, filtered };
}

export async function loadUnits(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, level, ended: showEnded, picker, filter, filtered } = await unitListFilter(app, staff, request);
  const today = localDateOf(app.now());
  const all = await listUnits(app.db);
  const inScope = all.filter((u) => staff.scope.has(u.id)).map(view);
  // The tree while it is small and nothing is filtered; else one page of the list.
  const asTree = !filtered && inScope.length <= FORM_OPTIONS_MAX;
  const tree = asTree ? buildTree(inScope) : [];
  const page = asTree ? null : await pageUnits(app.db, filter, params);
  const existingCodes = new Set(all.filter((u) => u.level === "province").map((u) => u.code));
  const parents = parentOptions(all, staff, today);
  return {
    today,
    showEnded,
    tree: showEnded ? tree : pruneEnded(tree, today),
    rows: page?.rows ?? [],
    list: listView(params, UNIT_SORTS, page ?? { rows: [], total: inScope.length }),
    asTree,
    level: level ?? null,
    picker,
    total: inScope.length,
    ended: inScope.filter((u) => hasEnded(u, today)).length,
    // Parents hold children (provinces, districts): few, whatever the installation's size.
    parents: parents.slice(0, FORM_OPTIONS_MAX),
    canCreateProvince: staff.user.role === "admin",
    /** Reference provinces not yet in the database (administrators only). */
    provinces: staff.user.role === "admin" ? PROVINCES_2025.filter((p) => !existingCodes.has(p.code)) : [],
    levels: staff.user.role === "admin" ? UNIT_LEVELS : UNIT_LEVELS.filter((l) => l !== "province"),
  };
}

/** Every unit of the filter, as CSV. */
export async function unitsCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter } = await unitListFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "don-vi.csv",
    [
      t("admin:units.code"),
      t("admin:units.name"),
      t("admin:units.level"),
      t("admin:units.parent_code"),
      t("admin:units.parent"),
      t("admin:units.valid_from"),
      t("admin:units.valid_to"),
      t("admin:units.active_desks"),
    ],
    params,
    (req) => pageUnits(app.db, filter, req),
    (u) => [u.code, u.name, t(`levels.${u.level}`), u.parentCode, u.parentName, u.validFrom, u.validTo, u.desks]
  );
}

const createSchema = z.object({
  code: z.string().trim().min(1).max(10),
  name,
  level: z.enum(UNIT_LEVELS),
  parent: optionalId,
  valid_from: optionalDate,
  valid_to: optionalDate,
});

export async function unitsAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  const now = app.now();
  switch (intent) {
    case "create":
      return runForm(staff.t, "create", values, createSchema, async (input) => {
        const { valid_from: validFrom, valid_to: validTo, ...rest } = input;
        const unit = await createUnit(app.db, staff, now, { ...rest, validFrom, validTo });
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
  const parent = unit.parentId === null ? null : (all.find((u) => u.id === unit.parentId) ?? null);
  const history = await listAuditEntries(app.db, { entity: "unit", entityId: String(unit.id), limit: 50 });
  return {
    today,
    unit: view(unit),
    parent: parent ? view(parent) : null,
    /** The parent is shown as a link only when it is in scope. */
    parentInScope: parent !== null && staff.scope.has(parent.id),
    children: all.filter((u) => u.parentId === unit.id).map(view),
    desks: await listDesks(app.db, { unitIds: [unit.id] }),
    /** The other rows of this code: the unit's earlier or later versions. */
    versions: (await findUnitsByCode(app.db, unit.code))
      .filter((u) => u.id !== unit.id && staff.scope.has(u.id))
      .map(view),
    canChange: mayChangeUnit(staff, unit.id),
    moveTargets: moveTargets(unit, parentOptions(all, staff, today), all),
    history: history.map(auditView),
    signer: signerFormValues(await findReportSigner(app.db, unit.code)),
    canSetSigning: maySetSigning(staff, unit.id),
  };
}

/** A unit's report signing settings as its form shows them; empty: the level's default. */
function signerFormValues(saved: ReportSigner | undefined) {
  return {
    issuer: saved?.issuerKind ?? "",
    issuer_name: saved?.issuerName ?? "",
    number_suffix: saved?.numberSuffix ?? "",
    authority: saved?.authority === "" ? "none" : (saved?.authority ?? ""),
    principal: saved?.principal ?? "",
    signer_title: saved?.signerTitle ?? "",
    signer_name: saved?.signerName ?? "",
    recipients: saved?.recipients.join("\n") ?? "",
  };
}

const renameSchema = z.object({ name, valid_from: optionalDate });
const moveSchema = z.object({ parent: requiredId, from: optionalDate });
const retireSchema = z.object({ valid_to: requiredDate });

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
        await renameUnit(app.db, staff, now, id, { name: input.name, validFrom: input.valid_from });
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
    case "signer":
      return runForm(staff.t, "signer", values, signingSchema, async (input) => {
        await saveReportSigner(app.db, staff, now, id, input);
        done(path, "report_signer_saved");
      });
    default:
      return badIntent(staff.t);
  }
}
