import { describe, expect, it } from "vitest";
import { csvCell, detectSeparator, parseCsv, writeCsv } from "~/utils/csv";

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

describe("csvCell", () => {
  it("escapes text a spreadsheet would run as a formula", () => {
    for (const [input, output] of [
      ["=1+1", `"'=1+1"`],
      ["+84 912", `"'+84 912"`],
      ["-2", `"'-2"`],
      ["@SUM(A1)", `"'@SUM(A1)"`],
      ["\tx", `"'\tx"`],
      ["\rx", `"'\rx"`],
      ["Xã A", `"Xã A"`],
    ]) {
      expect(csvCell(input)).toBe(output);
    }
  });

  it("escapes a formula lead after any separator a spreadsheet may split at, past spaces it may trim", () => {
    expect(csvCell("Xã Mới;=SUM(1+1)*21;")).toBe(`"Xã Mới;'=SUM(1+1)*21;"`);
    expect(csvCell("a,+1")).toBe(`"a,'+1"`);
    expect(csvCell("a\t-1")).toBe(`"a\t'-1"`);
    expect(csvCell("a\n@x")).toBe(`"a\n'@x"`);
    expect(csvCell("a\r\n=1")).toBe(`"a\r\n'=1"`);
    expect(csvCell("a;  =1")).toBe(`"a;  '=1"`);
    // A tab is a lead and a separator: both escaped.
    expect(csvCell("a,\t=1")).toBe(`"a,'\t'=1"`);
    // Apostrophes already there get one more, so the escape is never ambiguous.
    expect(csvCell("'=1")).toBe(`"''=1"`);
    expect(csvCell("a;''+1")).toBe(`"a;'''+1"`);
    // Leads elsewhere, and apostrophes before anything else, are left alone.
    expect(csvCell("Khu 2 - Ea Kar, Đắk Lắk; 'A'")).toBe(`"Khu 2 - Ea Kar, Đắk Lắk; 'A'"`);
    expect(csvCell("a=1;b+2")).toBe(`"a=1;b+2"`);
  });

  it("quotes every text cell, doubles quotes, and leaves numbers and nulls bare", () => {
    expect(csvCell('Xã "Mới", B')).toBe('"Xã ""Mới"", B"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
    expect(csvCell("")).toBe('""');
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(92.5)).toBe("92.5");
    expect(csvCell(null)).toBe("");
  });
});

describe("writeCsv", () => {
  it("writes UTF-8 with a byte order mark, commas and CRLF, and reads back through parseCsv", () => {
    const rows = [
      ["Mã", "Tên", "Tổng"],
      ["011", 'Xã "Mới"; Phú, Mỹ\nDòng hai', 40],
      ["", null, 0],
    ];
    const text = writeCsv(rows);
    expect(text).toBe('\uFEFF"Mã","Tên","Tổng"\r\n"011","Xã ""Mới""; Phú, Mỹ\nDòng hai",40\r\n"",,0\r\n');
    expect(parseCsv(text).map((r) => r.cells)).toEqual([
      ["Mã", "Tên", "Tổng"],
      ["011", 'Xã "Mới"; Phú, Mỹ\nDòng hai', "40"],
      ["", "", "0"],
    ]);
  });
});
