/**
 * What a report covers: a unit (by code, all its versions, see unit-tree.ts)
 * and everything below it, cut to what the user may see. A system
 * administrator without a unit sees everything; everyone else sees their
 * unit's subtree, and asking for a unit outside it is refused, never answered
 * with data.
 */
import type { DB } from "~db/connection";
import { type Desk, findDesks } from "~db/repositories/desks";
import { type Unit, findUnitById, findUnitsByCode, listRootUnits, subtreeUnits } from "~db/repositories/units";
import type { UnitLevel } from "~db/schema";
import { type ChildUnit, childrenOf, currentVersion } from "./unit-tree";

/** The code of the scope "everything" (an installation with several provinces). */
export const ALL_UNITS = "*";

export interface ReportScope {
  /** The unit's code, or ALL_UNITS. */
  code: string;
  /** The unit's current name; null for ALL_UNITS (the caller names it in its language). */
  name: string | null;
  level: UnitLevel | null;
  /** The unit rows whose responses count; undefined: every unit. */
  unitIds: number[] | undefined;
  /** The scope's own rows (its versions); their responses group by desk. */
  ownRowIds: Set<number>;
  /** Desks at the scope's own rows now. */
  ownDesks: Desk[];
  children: ChildUnit[];
  /** unit id → index in `children`, for every unit below the scope. */
  childOf: Map<number, number>;
  /** Every unit row the scope covers (its own and those below), for the levels a period shows. */
  spans: readonly Pick<Unit, "level" | "validFrom" | "validTo">[];
  /** From the top the user may see down to the scope's parent, for breadcrumbs. */
  ancestors: { code: string; name: string }[];
}

export type ScopeErrorReason = "unknown_unit" | "forbidden";

export class ScopeError extends Error {
  constructor(
    readonly reason: ScopeErrorReason,
    readonly code: string
  ) {
    super(`${reason}: ${code}`);
  }
}

export interface ScopeViewer {
  /** The unit ids the viewer may see (authorize.server scopeUnitIds); undefined: everything. */
  allowed: readonly number[] | undefined;
  /** The viewer's own unit (the default scope); null for a system administrator. */
  unitId: number | null;
}

async function defaultCode(db: DB, viewer: ScopeViewer): Promise<string> {
  if (viewer.unitId !== null) {
    const unit = await findUnitById(db, viewer.unitId);
    if (unit) return unit.code;
  }
  const roots = new Set((await listRootUnits(db)).map((u) => u.code));
  return roots.size === 1 ? [...roots][0] : ALL_UNITS;
}

async function ancestorsOf(db: DB, unit: Unit, allowed: Set<number> | null): Promise<{ code: string; name: string }[]> {
  const path: { code: string; name: string }[] = [];
  let parentId = unit.parentId;
  for (let depth = 0; parentId !== null && depth < 10; depth++) {
    if (allowed && !allowed.has(parentId)) break;
    const parent = await findUnitById(db, parentId);
    if (!parent) break;
    path.unshift({ code: parent.code, name: parent.name });
    parentId = parent.parentId;
  }
  return path;
}

/**
 * The scope for a unit code (or the viewer's default: their unit, or the only
 * province, or everything). Throws ScopeError("unknown_unit") for a code no
 * unit has, ScopeError("forbidden") for a unit outside the viewer's scope.
 */
export async function resolveScope(db: DB, viewer: ScopeViewer, unitCode?: string | null): Promise<ReportScope> {
  const allowed = viewer.allowed ? new Set(viewer.allowed) : null;
  const code = unitCode ?? (await defaultCode(db, viewer));

  if (code === ALL_UNITS) {
    if (allowed) throw new ScopeError("forbidden", code);
    const units = await subtreeUnits(
      db,
      (await listRootUnits(db)).map((u) => u.id)
    );
    const { children, childOf } = childrenOf(units, new Set());
    return {
      code,
      name: null,
      level: null,
      unitIds: undefined,
      ownRowIds: new Set(),
      ownDesks: [],
      children,
      childOf,
      spans: units,
      ancestors: [],
    };
  }

  const rows = await findUnitsByCode(db, code);
  if (rows.length === 0) throw new ScopeError("unknown_unit", code);
  if (allowed && !rows.some((r) => allowed.has(r.id))) throw new ScopeError("forbidden", code);
  const ownRowIds = new Set(rows.map((r) => r.id));
  const units = (await subtreeUnits(db, [...ownRowIds])).filter((u) => !allowed || allowed.has(u.id));
  const { children, childOf } = childrenOf(units, ownRowIds);
  const visibleOwn = rows.filter((r) => !allowed || allowed.has(r.id)).map((r) => r.id);
  const current = currentVersion(rows);
  const roots = allowed ? [] : await listRootUnits(db);
  const ancestors = await ancestorsOf(db, current, allowed);
  if (!allowed && new Set(roots.map((r) => r.code)).size > 1) {
    ancestors.unshift({ code: ALL_UNITS, name: "" });
  }
  return {
    code,
    name: current.name,
    level: current.level,
    unitIds: units.map((u) => u.id),
    ownRowIds: new Set(visibleOwn),
    ownDesks: await findDesks(db, { unitIds: visibleOwn }),
    children,
    childOf,
    spans: units,
    ancestors,
  };
}
