import { describe, expect, it } from "vitest";
import { detectSeparator, parseCsv } from "~/domain/csv";

describe("parseCsv", () => {
  it("reads quoted cells with separators, quotes and line breaks inside", () => {
    const rows = parseCsv('code,name\n99101,"Phường ""Bắc"" Sơn, cũ"\n99102,"Dòng một\nDòng hai"\n');
    expect(rows.map((r) => r.cells)).toEqual([
      ["code", "name"],
      ["99101", 'Phường "Bắc" Sơn, cũ'],
      ["99102", "Dòng một\nDòng hai"],
    ]);
  });

  it("drops a UTF-8 byte order mark, accepts CRLF and skips blank lines, keeping line numbers", () => {
    const rows = parseCsv("\uFEFFa,b\r\n\r\n1,2\r\n");
    expect(rows).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
    ]);
  });

  it("counts lines inside quoted cells", () => {
    const rows = parseCsv('1,"a\nb"\n2,c');
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
  });

  it("uses semicolons when the first line has more of them (Excel in Vietnamese settings)", () => {
    expect(detectSeparator("ma;ten;cap\n1;2;3")).toBe(";");
    expect(detectSeparator('"a;b",c\n')).toBe(",");
    expect(parseCsv("99;Tỉnh An Hòa;tỉnh").map((r) => r.cells)).toEqual([["99", "Tỉnh An Hòa", "tỉnh"]]);
  });

  it("keeps empty trailing cells", () => {
    expect(parseCsv("99,Tỉnh,province,,,").map((r) => r.cells)).toEqual([["99", "Tỉnh", "province", "", "", ""]]);
  });
});
