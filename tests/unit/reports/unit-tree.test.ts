import { describe, expect, it } from "vitest";
import { type TreeUnit, childrenOf, currentVersion, validDuring } from "~/reports/unit-tree";

const unit = (id: number, code: string, parent: number | null, extra: Partial<TreeUnit> = {}): TreeUnit => ({
  id,
  code,
  name: `U${code}`,
  level: code.length === 2 ? "province" : code.length === 3 ? "district" : "commune",
  parentId: parent,
  validFrom: null,
  validTo: null,
  ...extra,
});

// Province 02; district 021 (ended 2025-06-30) with commune 02101 v1; from 2025-07-01 commune 02101 v2 under the province.
const units = [
  unit(1, "02", null),
  unit(2, "021", 1, { validTo: "2025-06-30" }),
  unit(3, "02101", 2, { validTo: "2025-06-30", name: "Xã Cũ" }),
  unit(4, "02101", 1, { validFrom: "2025-07-01", name: "Xã Di" }),
  unit(5, "02201", 1),
];

describe("childrenOf", () => {
  it("groups the scope's child rows by code and maps every unit below to its child", () => {
    const { children, childOf } = childrenOf(units, new Set([1]));
    expect(children.map((c) => [c.code, c.name, c.validFrom, c.validTo])).toEqual([
      ["021", "U021", null, "2025-06-30"],
      ["02101", "Xã Di", "2025-07-01", null],
      ["02201", "U02201", null, null],
    ]);
    // The old version of 02101 counts under its district of the time; the new one is a child itself.
    expect([...childOf.entries()].sort()).toEqual([
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 2],
    ]);
  });

  it("takes every version of a code as the scope", () => {
    const { children, childOf } = childrenOf(units, new Set([3, 4]));
    expect(children).toEqual([]);
    expect(childOf.size).toBe(0);
  });

  it("makes the roots the children of 'everything'", () => {
    const { children } = childrenOf([...units, unit(9, "03", null)], new Set());
    expect(children.map((c) => c.code)).toEqual(["02", "03"]);
  });

  it("survives a cycle in bad data", () => {
    const cyclic = [unit(1, "02", null), unit(2, "021", 3), unit(3, "022", 2)];
    expect(childrenOf(cyclic, new Set([1])).childOf.size).toBe(0);
  });
});

describe("currentVersion and validDuring", () => {
  it("prefers the open version, else the one that ended last", () => {
    expect(currentVersion([units[2], units[3]]).id).toBe(4);
    expect(
      currentVersion([unit(7, "x", null, { validTo: "2024-12-31" }), unit(6, "x", null, { validTo: "2025-06-30" })]).id
    ).toBe(6);
  });
  it("tells whether a unit existed in a range", () => {
    const c = { validFrom: "2025-07-01", validTo: null };
    expect(validDuring(c, "2025-01-01", "2025-06-30")).toBe(false);
    expect(validDuring(c, "2025-06-30", "2025-07-01")).toBe(true);
    expect(validDuring({ validFrom: null, validTo: "2025-06-30" }, "2025-07-01", "2025-12-31")).toBe(false);
  });
});
