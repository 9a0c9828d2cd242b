/**
 * The administrative tree as data (see docs/domain.md): a unit has a
 * code, a name, a level and a parent, and may be valid only for a span of
 * dates. Both models live in one tree:
 * - three levels until 30 June 2025 (province › district › commune), and
 * - two tiers from 1 July 2025 (province › commune),
 * so a commune's parent is a district or a province, a district's parent is a
 * province, and a province has none. A commune may outlive its district (the
 * district ended on 30 June 2025; the commune goes on, under it or moved to
 * the province). Codes are unique among units whose validity overlaps: an old
 * commune (to 2025-06-30) and a new one (from 2025-07-01) may share a code.
 *
 * Pure: no I/O. Dates are YYYY-MM-DD; null means open-ended.
 */
import type { UnitLevel } from "./response";
import { addDays } from "./time";
import type { Problem } from "~/utils/problems";

/** Lower rank is higher in the tree. */
export const LEVEL_RANK: Record<UnitLevel, number> = { province: 0, district: 1, commune: 2 };

/** Official code lengths: province 2 digits, district 3, commune 5 (QĐ 124/2004, QĐ 19/2025). */
export const CODE_LENGTH: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };

export interface Period {
  validFrom: string | null;
  validTo: string | null;
}

export interface TreeUnit extends Period {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
}

export function codeMatchesLevel(code: string, level: UnitLevel): boolean {
  return new RegExp(`^\\d{${CODE_LENGTH[level]}}$`).test(code);
}

/** Which levels may be the parent of a unit of this level (none for a province). */
export function allowedParentLevels(level: UnitLevel): UnitLevel[] {
  return level === "commune" ? ["district", "province"] : level === "district" ? ["province"] : [];
}

/** True when two periods share at least one day (bounds inclusive, null open). */
export function periodsOverlap(a: Period, b: Period): boolean {
  const startsBeforeBEnds = a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo;
  const bStartsBeforeAEnds = b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo;
  return startsBeforeBEnds && bStartsBeforeAEnds;
}

export function isValidOn(unit: Period, date: string): boolean {
  return (unit.validFrom === null || unit.validFrom <= date) && (unit.validTo === null || unit.validTo >= date);
}

/** Ended before `date`: kept for history, hidden from everyday lists. */
export function hasEnded(unit: Period, date: string): boolean {
  return unit.validTo !== null && unit.validTo < date;
}

/** The problems with a period on its own (dates already checked for format). */
export function periodProblems(period: Period): Problem[] {
  if (period.validFrom !== null && period.validTo !== null && period.validTo < period.validFrom) {
    return [{ field: "valid_to", code: "period_reversed" }];
  }
  return [];
}

/** Ids of a unit and everything below it, from an in-memory list. */
export function descendantIds(units: readonly TreeUnit[], rootId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<number>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/**
 * Whether `parent` may hold `child`: not the child itself or below it (a
 * cycle), one of the allowed levels, and valid for part of the child's period.
 * `descendants` are the child's own subtree (empty for a new unit).
 */
export function parentProblems(
  child: Pick<TreeUnit, "level"> & Period,
  parent: TreeUnit | null,
  descendants: ReadonlySet<number> = new Set()
): Problem[] {
  const allowed = allowedParentLevels(child.level);
  if (parent === null) {
    return allowed.length === 0 ? [] : [{ field: "parent", code: "parent_required", params: { level: child.level } }];
  }
  if (descendants.has(parent.id)) return [{ field: "parent", code: "unit_cycle", params: { parent: parent.code } }];
  if (!allowed.includes(parent.level)) {
    return [{ field: "parent", code: "parent_level", params: { level: child.level, parentLevel: parent.level } }];
  }
  if (!periodsOverlap(child, parent))
    return [{ field: "parent", code: "parent_not_valid", params: { parent: parent.code } }];
  return [];
}

/** Another unit with this code whose validity overlaps, if any. */
export function codeClash<T extends Pick<TreeUnit, "code"> & Period & { id?: number }>(
  candidate: Pick<TreeUnit, "code"> & Period & { id?: number },
  others: readonly T[]
): T | undefined {
  return others.find((o) => o.code === candidate.code && o.id !== candidate.id && periodsOverlap(o, candidate));
}

/**
 * The problems with a unit's code among all stored units, for a user who may
 * see the units `inScope` says. A code that exists in any period belongs to
 * whoever's scope holds one of its versions: anyone else registering it, even
 * for a period no version covers, would title reports for that code with
 * their unit and block its real later versions. Then codes are unique among
 * overlapping periods. A unit outside the scope is never named nor placed:
 * the user learns only that the code is held elsewhere, the same answer for
 * every period (unit codes are official and public; their units here are not).
 */
export function codeProblems(
  candidate: Pick<TreeUnit, "code"> & Period & { id?: number },
  all: readonly TreeUnit[],
  inScope: (unitId: number) => boolean
): Problem[] {
  const outside: Problem = { field: "code", code: "unit_code_outside_scope", params: { code: candidate.code } };
  const versions = all.filter((u) => u.code === candidate.code);
  if (versions.length > 0 && !versions.some((u) => inScope(u.id))) return [outside];
  const clash = codeClash(candidate, all);
  if (!clash) return [];
  if (!inScope(clash.id)) return [outside];
  return [{ field: "code", code: "duplicate_unit_code", params: { code: clash.code, name: clash.name } }];
}

/**
 * The problems a unit (new or changed) would have among `all` units, for a
 * user who may see the units `inScope` says: its code's format for its level,
 * its period, its code among the others, and its parent.
 */
export function unitProblems(
  candidate: Omit<TreeUnit, "id"> & { id?: number },
  all: readonly TreeUnit[],
  parent: TreeUnit | null,
  inScope: (unitId: number) => boolean
): Problem[] {
  const problems: Problem[] = [];
  if (!codeMatchesLevel(candidate.code, candidate.level)) {
    problems.push({ field: "code", code: "unit_code_format", params: { level: candidate.level } });
  }
  problems.push(...periodProblems(candidate));
  problems.push(...codeProblems(candidate, all, inScope));
  const descendants = candidate.id === undefined ? new Set<number>() : descendantIds(all, candidate.id);
  problems.push(...parentProblems(candidate, parent, descendants));
  return problems;
}

/** Units a user may pick (for a desk, an account, a parent): in their scope and not ended on `today`. */
export function openUnits<T extends TreeUnit>(
  all: readonly T[],
  inScope: (unitId: number) => boolean,
  today: string
): T[] {
  return all.filter((u) => inScope(u.id) && !hasEnded(u, today));
}

/** Whether a unit of this level may hold others (a commune holds none). */
export function mayHoldChildren(level: UnitLevel): boolean {
  return level !== "commune";
}

/** Where `unit` may be moved among `options`: not below itself, a level that may hold it, not its parent already. */
export function moveTargets<T extends TreeUnit>(unit: TreeUnit, options: readonly T[], all: readonly TreeUnit[]): T[] {
  const below = descendantIds(all, unit.id);
  return options.filter(
    (u) => !below.has(u.id) && allowedParentLevels(unit.level).includes(u.level) && u.id !== unit.parentId
  );
}

/** A dated move starts inside the unit's validity: after its first day, not after its last. */
export function moveDateProblems(unit: Period, from: string): Problem[] {
  if ((unit.validFrom !== null && from <= unit.validFrom) || (unit.validTo !== null && from > unit.validTo)) {
    return [{ field: "from", code: "move_date_outside" }];
  }
  return [];
}

/**
 * A move dated `from`: the unit's row ends the day before, and a new version
 * of the same code starts under `parentId` that day. Returns both, with the
 * new version's problems among the other units (the old row ended), the new
 * parent below the unit itself included.
 */
export function datedMove<T extends TreeUnit>(
  unit: T,
  all: readonly T[],
  parentId: number,
  from: string,
  inScope: (unitId: number) => boolean
): { ended: T; next: Omit<TreeUnit, "id">; parent: T | null; problems: Problem[] } {
  const parent = all.find((u) => u.id === parentId) ?? null;
  const ended = { ...unit, validTo: addDays(from, -1) };
  const others = all.map((u) => (u.id === unit.id ? ended : u));
  const next = {
    code: unit.code,
    name: unit.name,
    level: unit.level,
    parentId,
    validFrom: from,
    validTo: unit.validTo,
  };
  const problems = unitProblems(next, others, parent, inScope);
  // The new version may not sit below the unit itself either.
  if (descendantIds(all, unit.id).has(parentId)) {
    problems.unshift({ field: "parent", code: "unit_cycle", params: { parent: parent?.code ?? "" } });
  }
  return { ended, next, parent, problems };
}

/** A unit as the audit log records it; the parent by its code, as people know it. */
export function unitAuditValues(
  u: Pick<TreeUnit, "code" | "name" | "level"> & Period,
  parent: Pick<TreeUnit, "code"> | null | undefined
) {
  return {
    code: u.code,
    name: u.name,
    level: u.level,
    parent: parent?.code ?? null,
    valid_from: u.validFrom,
    valid_to: u.validTo,
  };
}

export interface TreeNode<T extends TreeUnit> {
  unit: T;
  children: TreeNode<T>[];
}

/**
 * A forest from a flat list: units whose parent is not in the list become
 * roots (a manager's own unit, whose parent is out of scope). Children sorted by code.
 */
export function buildTree<T extends TreeUnit>(units: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>(units.map((u) => [u.id, { unit: u, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.unit.id - b.unit.id);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * Drops units that ended before `date`, except those with a descendant still
 * shown (a commune that outlived its district keeps the district in view).
 */
export function pruneEnded<T extends TreeUnit>(nodes: readonly TreeNode<T>[], date: string): TreeNode<T>[] {
  const out: TreeNode<T>[] = [];
  for (const node of nodes) {
    const children = pruneEnded(node.children, date);
    if (!hasEnded(node.unit, date) || children.length > 0) out.push({ unit: node.unit, children });
  }
  return out;
}

/** A level present in a period; `until` is its last day when it ended inside the period (a historic level). */
export interface LevelInPeriod {
  level: UnitLevel;
  until: string | null;
}

/**
 * The levels a report over [from, to] shows, top down: those of the units
 * valid in the period, and any level that has responses in it. A level whose
 * every unit ended before `to` is historic (the districts in a period that
 * crosses 1 July 2025), dated by the last day any of them was valid. A
 * two-tier province has no district in its periods, so none is shown.
 */
export function levelsPresent(
  units: readonly (Period & { level: UnitLevel })[],
  from: string,
  to: string,
  withData: Iterable<UnitLevel> = []
): LevelInPeriod[] {
  // Per level, the last day any of its units was valid in the period (null: still valid at its end).
  const lastValid = new Map<UnitLevel, string | null>();
  const range = { validFrom: from, validTo: to };
  for (const u of units) {
    if (!periodsOverlap(u, range)) continue;
    const end = u.validTo !== null && u.validTo < to ? u.validTo : null;
    const seen = lastValid.get(u.level);
    if (seen === undefined) lastValid.set(u.level, end);
    else if (seen !== null) lastValid.set(u.level, end === null || end > seen ? end : seen);
  }
  for (const level of withData) if (!lastValid.has(level)) lastValid.set(level, null);
  return [...lastValid.entries()]
    .sort(([a], [b]) => LEVEL_RANK[a] - LEVEL_RANK[b])
    .map(([level, until]) => ({ level, until }));
}
