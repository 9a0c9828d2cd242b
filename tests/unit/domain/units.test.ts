import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type TreeUnit,
  buildTree,
  codeClash,
  codeMatchesLevel,
  codeProblems,
  datedMove,
  descendantIds,
  isValidOn,
  levelsPresent,
  moveDateProblems,
  moveTargets,
  openUnits,
  parentProblems,
  periodProblems,
  periodsOverlap,
  pruneEnded,
  unitAuditValues,
  unitProblems,
} from "~/domain/units";

const unit = (
  id: number,
  code: string,
  level: TreeUnit["level"],
  parent: number | null,
  from: string | null = null,
  to: string | null = null
): TreeUnit => ({
  id,
  code,
  name: `U${code}`,
  level,
  parentId: parent,
  validFrom: from,
  validTo: to,
});

// A province with the three-level years (district 380 ended on 30 June 2025) and the two tiers after.
const province = unit(1, "38", "province", null);
const district = unit(2, "380", "district", 1, null, "2025-06-30");
const oldCommune = unit(3, "38001", "commune", 2, null, "2025-06-30");
const survivor = unit(4, "38002", "commune", 2);
const newCommune = unit(5, "38001", "commune", 1, "2025-07-01");
const units = [province, district, oldCommune, survivor, newCommune];

describe("unit codes", () => {
  it("follow the official lengths per level", () => {
    expect(codeMatchesLevel("38", "province")).toBe(true);
    expect(codeMatchesLevel("380", "district")).toBe(true);
    expect(codeMatchesLevel("38001", "commune")).toBe(true);
    expect(codeMatchesLevel("380", "commune")).toBe(false);
    expect(codeMatchesLevel("3800A", "commune")).toBe(false);
  });

  it("may be reused once the earlier unit has ended, never while both are valid", () => {
    expect(codeClash(newCommune, units)).toBeUndefined();
    expect(codeClash({ code: "38001", validFrom: "2025-06-01", validTo: null }, units)?.id).toBe(3);
    expect(codeClash({ code: "38002", validFrom: "2030-01-01", validTo: null }, units)?.id).toBe(4);
    // A unit does not clash with itself.
    expect(codeClash({ ...survivor }, units)).toBeUndefined();
  });

  it("get new versions only from a user whose scope holds one of them, and never name a unit outside it", () => {
    const later = { validFrom: "2030-01-01", validTo: null };
    const outside = { field: "code", code: "unit_code_outside_scope", params: { code: "38002" } };
    // Only the old district's subtree in scope: a clash inside it is named, a new code is free.
    const oldDistrict = (id: number) => [2, 3, 4].includes(id);
    expect(codeProblems({ code: "38002", ...later }, units, oldDistrict)).toEqual([
      { field: "code", code: "duplicate_unit_code", params: { code: "38002", name: "U38002" } },
    ]);
    expect(codeProblems({ code: "38099", ...later }, units, oldDistrict)).toEqual([]);
    // 38001 has a version in scope (the old commune), but the new one it would overlap is not: not named.
    expect(codeProblems({ code: "38001", ...later }, units, oldDistrict)).toEqual([
      { field: "code", code: "unit_code_outside_scope", params: { code: "38001" } },
    ]);
    // Nothing of 38002 in scope: refused in every period, overlapping or not, without its name.
    const elsewhere = (id: number) => id === 5;
    expect(codeProblems({ code: "38002", ...later }, units, elsewhere)).toEqual([outside]);
    expect(codeProblems({ code: "38002", validFrom: null, validTo: null }, units, elsewhere)).toEqual([outside]);
    // The unit itself counts as a version in scope (a rename, a retirement).
    expect(codeProblems(survivor, units, oldDistrict)).toEqual([]);
  });
});

describe("periods", () => {
  it("overlap when they share a day, bounds included and null open", () => {
    expect(periodsOverlap({ validFrom: null, validTo: "2025-06-30" }, { validFrom: "2025-06-30", validTo: null })).toBe(
      true
    );
    expect(periodsOverlap({ validFrom: null, validTo: "2025-06-30" }, { validFrom: "2025-07-01", validTo: null })).toBe(
      false
    );
    expect(periodsOverlap({ validFrom: null, validTo: null }, { validFrom: "2030-01-01", validTo: "2030-01-01" })).toBe(
      true
    );
  });

  it("overlap symmetrically, and exactly when some day is in both", () => {
    const bound = fc.option(fc.integer({ min: 1, max: 31 }), { nil: null });
    const period = fc.tuple(bound, bound).map(([a, b]) => {
      const s = (d: number | null) => (d === null ? null : `2025-01-${String(d).padStart(2, "0")}`);
      const [from, to] = a !== null && b !== null && b < a ? [b, a] : [a, b];
      return { validFrom: s(from), validTo: s(to) };
    });
    fc.assert(
      fc.property(period, period, (a, b) => {
        const both = Array.from({ length: 33 }, (_, i) => `2025-01-${String(i).padStart(2, "0")}`).some(
          (d) => isValidOn(a, d) && isValidOn(b, d)
        );
        expect(periodsOverlap(a, b)).toBe(periodsOverlap(b, a));
        expect(periodsOverlap(a, b)).toBe(both);
      })
    );
  });

  it("must not end before they start", () => {
    expect(periodProblems({ validFrom: "2025-07-01", validTo: "2025-06-30" })).toEqual([
      { field: "valid_to", code: "period_reversed" },
    ]);
    expect(periodProblems({ validFrom: "2025-07-01", validTo: "2025-07-01" })).toEqual([]);
  });
});

describe("parents", () => {
  it("hold both models: a commune under a district (three levels) or under its province (two tiers)", () => {
    expect(parentProblems(oldCommune, district)).toEqual([]);
    expect(parentProblems(newCommune, province)).toEqual([]);
    expect(parentProblems(district, province)).toEqual([]);
    expect(parentProblems(province, null)).toEqual([]);
  });

  it("keep a commune whose district ceased to exist", () => {
    // The commune goes on after 30 June 2025; its district overlaps part of its life.
    expect(parentProblems(survivor, district)).toEqual([]);
    // A commune that starts after the district ended cannot sit under it.
    expect(parentProblems({ level: "commune", validFrom: "2025-07-01", validTo: null }, district)).toEqual([
      { field: "parent", code: "parent_not_valid", params: { parent: "380" } },
    ]);
  });

  it("refuse a parent of the wrong level, a missing parent, and cycles", () => {
    expect(parentProblems(district, survivor)[0].code).toBe("parent_level");
    expect(parentProblems(province, district)[0].code).toBe("parent_level");
    expect(parentProblems(survivor, null)[0].code).toBe("parent_required");
    // Moving the district under its own commune: a cycle, said before the level.
    expect(parentProblems(district, survivor, descendantIds(units, district.id))[0].code).toBe("unit_cycle");
    expect(parentProblems(district, district, descendantIds(units, district.id))[0].code).toBe("unit_cycle");
  });
});

describe("the tree", () => {
  it("nests units by parent, with out-of-scope parents as roots", () => {
    const tree = buildTree([district, oldCommune, survivor]);
    expect(tree.map((n) => n.unit.code)).toEqual(["380"]);
    expect(tree[0].children.map((n) => n.unit.code)).toEqual(["38001", "38002"]);
  });

  it("hides ended units unless a unit still valid sits below them", () => {
    const shown = pruneEnded(buildTree(units), "2026-01-01");
    expect(shown[0].children.map((n) => n.unit.id)).toEqual([2, 5]);
    // The district ended but keeps its surviving commune in view; the old commune is hidden.
    expect(shown[0].children[0].children.map((n) => n.unit.id)).toEqual([4]);
    const withoutSurvivor = pruneEnded(buildTree([province, district, oldCommune]), "2026-01-01");
    expect(withoutSurvivor[0].children).toEqual([]);
  });
});

describe("levelsPresent", () => {
  const unit = (level: TreeUnit["level"], validFrom: string | null, validTo: string | null) => ({
    level,
    validFrom,
    validTo,
  });
  // A province that went from three levels to two on 1 July 2025.
  const migrated = [
    unit("province", null, null),
    unit("district", "2020-01-01", "2025-06-30"),
    unit("district", "2020-01-01", "2025-06-30"),
    unit("commune", "2020-01-01", "2025-06-30"),
    unit("commune", "2025-07-01", null),
  ];

  it("shows a two-tier province's periods with no district", () => {
    expect(levelsPresent(migrated, "2026-01-01", "2026-12-31")).toEqual([
      { level: "province", until: null },
      { level: "commune", until: null },
    ]);
  });

  it("shows the three levels before 1 July 2025, none of them historic", () => {
    expect(levelsPresent(migrated, "2025-01-01", "2025-06-30")).toEqual([
      { level: "province", until: null },
      { level: "district", until: null },
      { level: "commune", until: null },
    ]);
  });

  it("shows the districts as a historic level in a period crossing 1 July 2025", () => {
    expect(levelsPresent(migrated, "2025-01-01", "2025-12-31")).toEqual([
      { level: "province", until: null },
      { level: "district", until: "2025-06-30" },
      { level: "commune", until: null },
    ]);
    // The communes are not historic: one of them goes on.
    expect(levelsPresent(migrated, "2025-06-30", "2025-07-01")[2]).toEqual({ level: "commune", until: null });
  });

  it("dates a historic level by the last of its units to end", () => {
    const units = [unit("district", null, "2025-03-31"), unit("district", null, "2025-06-30")];
    expect(levelsPresent(units, "2025-01-01", "2025-12-31")).toEqual([{ level: "district", until: "2025-06-30" }]);
    // One district still open at the end of the period: not historic.
    expect(levelsPresent([...units, unit("district", null, null)], "2025-01-01", "2025-12-31")).toEqual([
      { level: "district", until: null },
    ]);
  });

  it("adds a level that has responses although none of its units is valid in the period", () => {
    expect(levelsPresent([unit("province", null, null)], "2026-01-01", "2026-01-31", ["district"])).toEqual([
      { level: "province", until: null },
      { level: "district", until: null },
    ]);
    expect(levelsPresent([], "2026-01-01", "2026-01-31")).toEqual([]);
  });
});

describe("a unit among the others", () => {
  const everywhere = () => true;

  it("is checked for its code's format, its period, its code and its parent together", () => {
    const bad = {
      code: "3801",
      name: "X",
      level: "commune" as const,
      parentId: 1,
      validFrom: "2026-02-01",
      validTo: "2026-01-01",
    };
    expect(unitProblems(bad, units, province, everywhere).map((p) => p.code)).toEqual([
      "unit_code_format",
      "period_reversed",
    ]);
    const clash = { ...bad, code: "38002", validTo: null };
    expect(unitProblems(clash, units, district, everywhere).map((p) => p.code)).toEqual([
      "duplicate_unit_code",
      "parent_not_valid",
    ]);
    // A changed unit is checked against its own subtree: the district under its commune is a cycle.
    expect(unitProblems({ ...district, parentId: 4 }, units, survivor, everywhere).map((p) => p.code)).toEqual([
      "unit_cycle",
    ]);
    expect(unitProblems({ ...survivor, name: "Renamed" }, units, district, everywhere)).toEqual([]);
  });

  it("may be picked when in scope and not ended", () => {
    expect(openUnits(units, everywhere, "2026-01-01").map((u) => u.id)).toEqual([1, 4, 5]);
    expect(openUnits(units, (id) => id !== 1, "2025-01-01").map((u) => u.id)).toEqual([2, 3, 4, 5]);
  });

  it("may move under a unit of a level that holds it, not below itself, not where it is", () => {
    const options = [province, district, survivor, newCommune];
    expect(moveTargets(survivor, options, units).map((u) => u.id)).toEqual([1]);
    expect(moveTargets(district, options, units)).toEqual([]);
    const otherDistrict = unit(6, "381", "district", 1);
    expect(moveTargets(oldCommune, [...options, otherDistrict], units).map((u) => u.id)).toEqual([1, 6]);
  });

  it("moves from a date inside its validity only: after its first day, not after its last", () => {
    const dated = { validFrom: "2025-07-01", validTo: "2026-12-31" };
    expect(moveDateProblems(dated, "2025-07-01")).toEqual([{ field: "from", code: "move_date_outside" }]);
    expect(moveDateProblems(dated, "2025-07-02")).toEqual([]);
    expect(moveDateProblems(dated, "2026-12-31")).toEqual([]);
    expect(moveDateProblems(dated, "2027-01-01")).toEqual([{ field: "from", code: "move_date_outside" }]);
    expect(moveDateProblems({ validFrom: null, validTo: null }, "1990-01-01")).toEqual([]);
  });

  it("moved from a date ends the day before and continues as a new version of its code under the new parent", () => {
    const { ended, next, parent, problems } = datedMove(survivor, units, 1, "2025-07-01", everywhere);
    expect(ended).toEqual({ ...survivor, validTo: "2025-06-30" });
    expect(next).toEqual({
      code: "38002",
      name: "U38002",
      level: "commune",
      parentId: 1,
      validFrom: "2025-07-01",
      validTo: null,
    });
    expect(parent).toBe(province);
    expect(problems).toEqual([]);
    // Under its own subtree: refused as a cycle, whatever else is wrong.
    expect(datedMove(district, units, 4, "2025-01-01", everywhere).problems[0]).toEqual({
      field: "parent",
      code: "unit_cycle",
      params: { parent: "38002" },
    });
  });

  it("is recorded in the audit log with its parent's code", () => {
    expect(unitAuditValues(survivor, district)).toEqual({
      code: "38002",
      name: "U38002",
      level: "commune",
      parent: "380",
      valid_from: null,
      valid_to: null,
    });
    expect(unitAuditValues(province, null).parent).toBeNull();
  });
});
