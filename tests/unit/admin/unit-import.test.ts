import { describe, expect, it } from "vitest";
import type { Unit } from "~db/schema";
import type { Scope } from "~/admin/access.server";
import { planImport } from "~/admin/unit-import.server";

const at = "2026-01-01T00:00:00.000Z";
const stored: Unit[] = [
  {
    id: 1,
    code: "99",
    name: "Tỉnh An Hòa",
    level: "province",
    parent_id: null,
    valid_from: null,
    valid_to: null,
    created_at: at,
    search_key: null,
  },
  {
    id: 2,
    code: "991",
    name: "Thành phố An Hòa",
    level: "district",
    parent_id: 1,
    valid_from: null,
    valid_to: null,
    created_at: at,
    search_key: null,
  },
  {
    id: 3,
    code: "99101",
    name: "Phường Bắc Sơn",
    level: "commune",
    parent_id: 2,
    valid_from: null,
    valid_to: null,
    created_at: at,
    search_key: null,
  },
  {
    id: 4,
    code: "992",
    name: "Huyện Thanh Bình",
    level: "district",
    parent_id: 1,
    valid_from: null,
    valid_to: "2025-06-30",
    created_at: at,
    search_key: null,
  },
];
const everything: Scope = { all: true, unitIds: undefined, has: () => true };
const districtA: Scope = { all: false, unitIds: [2, 3], has: (id) => id === 2 || id === 3 };

function plan(csv: string, scope: Scope = everything) {
  const p = planImport(csv, stored, scope);
  return { ...p, byCode: Object.fromEntries(p.rows.map((r) => [r.code, r])) };
}

describe("planning a unit CSV import", () => {
  it("accepts a good file in any order, with a header, parents in the file or stored", () => {
    const p = plan(
      [
        "code,name,level,parent_code,valid_from,valid_to",
        "99405,Xã Xuân Phước,commune,99,2025-07-01,",
        "99401,Xã Xuân Lộc,xã,994,,30/06/2025",
        "994,Huyện Đồng Xuân,huyện,99,,2025-06-30",
        "99102,Phường Nam Sơn,commune,991,,",
      ].join("\n")
    );
    expect(p.fileProblems).toEqual([]);
    expect(p.rows.map((r) => [r.code, r.status])).toEqual([
      ["99405", "new"],
      ["99401", "new"],
      ["994", "new"],
      ["99102", "new"],
    ]);
    expect(p.byCode["99401"]).toMatchObject({ level: "commune", valid_to: "2025-06-30", parent: { row: 2 } });
    expect(p.byCode["99405"].parent).toEqual({ existing: 1 });
  });

  it("leaves identical stored units alone and refuses a code already used in the same period", () => {
    expect(plan("99101,Phường Bắc Sơn,commune,991,,").rows[0].status).toBe("unchanged");
    const renamed = plan("99101,Phường Bắc Sơn mới,commune,991,2027-01-01,").rows[0];
    expect(renamed.status).toBe("error");
    expect(renamed.problems).toEqual([
      { field: "code", code: "duplicate_unit_code", params: { code: "99101", name: "Phường Bắc Sơn" } },
    ]);
    // The code of a unit that has ended may start again afterwards.
    expect(plan("992,Huyện Thanh Bình mới,district,99,2025-07-01,").rows[0].status).toBe("new");
  });

  it("reports every bad row with its reasons", () => {
    const p = plan(
      [
        "9910,Sai mã,commune,991,,", // code length
        "99103,,commune,991,,", // no name
        "99104,Xã A,village,991,,", // level
        "99105,Xã B,commune,99101,,", // parent of the wrong level
        "99106,Xã C,commune,,,", // no parent
        "99107,Xã D,commune,777,,", // unknown parent
        "99108,Xã E,commune,991,2026-13-01,", // date
        "99109,Xã F,commune,991,2026-02-01,2026-01-01", // reversed
        "99110,Xã G,commune,992,2025-07-01,", // parent ended before it starts
        "99111,Xã H", // columns
        "99112,Xã I,commune,991,,\n99112,Xã I bis,commune,991,,", // twice in the file
      ].join("\n")
    );
    const codes = (code: string) => p.rows.filter((r) => r.code === code).flatMap((r) => r.problems.map((x) => x.code));
    expect(codes("9910")).toEqual(["unit_code_format"]);
    expect(codes("99103")).toEqual(["required"]);
    expect(codes("99104")).toEqual(["invalid_option"]);
    expect(codes("99105")).toEqual(["parent_level"]);
    expect(codes("99106")).toEqual(["parent_required"]);
    expect(codes("99107")).toEqual(["parent_code_not_found"]);
    expect(codes("99108")).toEqual(["invalid_date"]);
    expect(codes("99109")).toEqual(["period_reversed"]);
    expect(codes("99110")).toEqual(["parent_code_not_found"]);
    expect(codes("99111")).toEqual(["csv_columns"]);
    expect(codes("99112")).toEqual(["duplicate_in_file"]);
    expect(p.rows.filter((r) => r.status === "new").map((r) => r.code)).toEqual(["99112"]);
    expect(p.rows.find((r) => r.code === "99112" && r.problems.length)?.problems[0].params).toEqual({ line: 11 });
  });

  it("marks the children of a bad row as depending on it", () => {
    const p = plan("995,Huyện Lỗi,district,99,2026-05-01,2026-04-01\n99501,Xã Con,commune,995,,");
    expect(p.byCode["99501"].problems).toEqual([
      { field: "parent_code", code: "parent_row_invalid", params: { line: 1 } },
    ]);
  });

  it("keeps a manager inside their subtree: no province, no parent outside it", () => {
    const p = plan("98,Tỉnh Mới,province,,,\n99201,Xã Ngoài,commune,992,,\n99113,Xã Trong,commune,991,,", districtA);
    expect(p.byCode["98"].problems[0].code).toBe("outside_scope");
    expect(p.byCode["99201"].problems[0].code).toBe("parent_code_not_found");
    expect(p.byCode["99113"].status).toBe("new");
  });

  it("gives a manager no version of a code held only outside their scope, in any period, naming nothing", () => {
    // Xã Tân Hòa (99201) under Huyện Thanh Bình, outside district A; ended with the district.
    const held: Unit = { ...stored[2], id: 5, code: "99201", name: "Xã Tân Hòa", parent_id: 4, valid_to: "2025-06-30" };
    const p = planImport(
      [
        "99201,Xã Chiếm Mã,commune,991,2025-07-01,", // after it ended: overlaps nothing
        "99101,Phường Bắc Sơn,commune,991,2030-01-01,", // the code is district A's own (stored 99101 is open): a clash
      ].join("\n"),
      [...stored, held],
      districtA
    );
    expect(p.rows.map((r) => r.problems)).toEqual([
      [{ field: "code", code: "unit_code_outside_scope", params: { code: "99201" } }],
      [{ field: "code", code: "duplicate_unit_code", params: { code: "99101", name: "Phường Bắc Sơn" } }],
    ]);
    // For the administrator the code is free from 1 July 2025.
    expect(planImport("99201,Xã Tân Hòa,commune,99,2025-07-01,", [...stored, held], everything).rows[0].status).toBe(
      "new"
    );
  });

  it("says when the file is empty", () => {
    expect(plan("code,name,level,parent_code,valid_from,valid_to\n").fileProblems[0].code).toBe("csv_empty");
  });
});
