/**
 * The unit tree as reports read it (pure; the rows come from db/repositories/units).
 *
 * A unit is its code. A code may have several rows over time — its versions —
 * each with a validity span and its own parent: a commune that lost its
 * district on 1 July 2025 gets a new row under the province, and its old row
 * stays under the old district. A response keeps the row (and the level) of its
 * time, so its figures roll up along the parent links of that row: the first
 * half of 2025 counts under the old district, the second half directly under
 * the province, and the commune's own report (by code) covers both. A unit
 * whose parent is edited in place takes its whole history along.
 */
import type { TreeUnit } from "~/domain/units";
import type { UnitLevel } from "~db/schema";

export type { TreeUnit };

/** A unit's current version: the row still valid (no end), else the one that ended last, else the newest. */
export function currentVersion<T extends TreeUnit>(rows: readonly T[]): T {
  const open = rows.filter((r) => r.validTo === null);
  if (open.length > 0) return open.reduce((a, b) => (b.id > a.id ? b : a));
  return rows.reduce((a, b) =>
    (b.validTo ?? "") > (a.validTo ?? "") || (b.validTo === a.validTo && b.id > a.id) ? b : a
  );
}

export interface ChildUnit {
  code: string;
  name: string;
  level: UnitLevel;
  /** The span covered by any of its versions (null: open-ended). */
  validFrom: string | null;
  validTo: string | null;
}

/** Whether a unit existed at some time in a range. */
export function validDuring(unit: Pick<ChildUnit, "validFrom" | "validTo">, from: string, to: string): boolean {
  return (unit.validFrom === null || unit.validFrom <= to) && (unit.validTo === null || unit.validTo >= from);
}

/**
 * The children of a scope (the rows whose parent is one of the scope's rows,
 * grouped by code and ordered by code), and for every unit below the scope
 * the index of the child whose subtree holds it. The scope's own rows are in
 * no child. With `scopeRowIds` empty, the roots are the children (everything).
 */
export function childrenOf(
  units: readonly TreeUnit[],
  scopeRowIds: ReadonlySet<number>
): { children: ChildUnit[]; childOf: Map<number, number> } {
  const byId = new Map(units.map((u) => [u.id, u]));
  const isChildRow = (u: TreeUnit) =>
    !scopeRowIds.has(u.id) && (scopeRowIds.size === 0 ? u.parentId === null : scopeRowIds.has(u.parentId ?? -1));
  const versions = new Map<string, TreeUnit[]>();
  for (const u of units) {
    if (!isChildRow(u)) continue;
    const list = versions.get(u.code) ?? [];
    list.push(u);
    versions.set(u.code, list);
  }
  const codes = [...versions.keys()].sort();
  const children = codes.map((code) => {
    const rows = versions.get(code)!;
    const current = currentVersion(rows);
    return {
      code,
      name: current.name,
      level: current.level,
      validFrom: rows.some((r) => r.validFrom === null) ? null : rows.map((r) => r.validFrom!).sort()[0],
      validTo: rows.some((r) => r.validTo === null)
        ? null
        : rows
            .map((r) => r.validTo!)
            .sort()
            .at(-1)!,
    };
  });
  const indexOfCode = new Map(codes.map((code, i) => [code, i]));
  const childOf = new Map<number, number>();
  const resolve = (u: TreeUnit, seen: Set<number>): number | undefined => {
    if (childOf.has(u.id)) return childOf.get(u.id);
    if (scopeRowIds.has(u.id) || seen.has(u.id)) return undefined;
    seen.add(u.id);
    const index = isChildRow(u)
      ? indexOfCode.get(u.code)
      : u.parentId !== null && byId.has(u.parentId)
        ? resolve(byId.get(u.parentId)!, seen)
        : undefined;
    if (index !== undefined) childOf.set(u.id, index);
    return index;
  };
  for (const u of units) resolve(u, new Set());
  return { children, childOf };
}
