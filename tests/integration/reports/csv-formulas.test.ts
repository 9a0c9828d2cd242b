/**
 * The CSV download opened in a real spreadsheet (LibreOffice Calc, formula
 * evaluation on) with each separator a Vietnamese office may have set: names
 * that look like formulas, at the start or after a `,` `;` tab or line break,
 * never become formulas, and with the file's own separator every name reads
 * back as typed, except for the documented `'` before a formula lead.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertDesk } from "~db/repositories/desks";
import { insertFields } from "~db/repositories/fields";
import { insertUnit } from "~db/repositories/units";
import { type PreparedReport, prepareReport } from "~/reports/query.server";
import { renderReport } from "~/reports/export/render.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { TOOLS } from "../../helpers/tools";

/** Hostile unit names, and how each must read back with the file's own separator. */
const UNIT_NAMES: [typed: string, readBack: string][] = [
  ["Xã Mới;=SUM(1+1)*21;", "Xã Mới;'=SUM(1+1)*21;"],
  ['=HYPERLINK("http://x","bấm")', `'=HYPERLINK("http://x","bấm")`],
  ["Phường 1,+84 912 345", "Phường 1,'+84 912 345"],
  ["Xã A; =1+1", "Xã A; '=1+1"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["Tổ\t-1", "Tổ\t'-1"],
  ["Xã B\n=1+1", "Xã B\n'=1+1"],
  // Already written with an apostrophe: one more, so the escape can be told apart.
  ["Xã C;'=1+1", "Xã C;''=1+1"],
  // Nothing to neutralise: exactly as typed, separators and quotes included.
  ['Xã "Mới"; Phú, Mỹ', 'Xã "Mới"; Phú, Mỹ'],
  ["Thị trấn Ea Kar - Khu 2", "Thị trấn Ea Kar - Khu 2"],
];
const DESK_NAMES: [string, string][] = [
  ["Một cửa;=1+1", "Một cửa;'=1+1"],
  ["+Bàn 2, @x", "'+Bàn 2, '@x"],
];
const FIELD_NAMES: [string, string][] = [
  ["Đất đai;-1+2", "Đất đai;'-1+2"],
  ["Thuế,=2*3", "Thuế,'=2*3"],
];

interface Cell {
  /** The formula when the spreadsheet made the cell one. */
  formula: string | null;
  text: string;
}

/** LibreOffice's CSV import options: separators, `"` quotes, UTF-8, from line 1, trim spaces, evaluate formulas. */
function csvImportFilter(separators: string, trimSpaces: boolean): string {
  return `Text - txt - csv (StarCalc):${separators},34,76,1,,0,false,true,false,false,${trimSpaces},0,true`;
}

const READINGS = [
  { label: "comma (the file's own separator)", separators: "44", trimSpaces: false },
  { label: "semicolon (Vietnamese Excel settings)", separators: "59", trimSpaces: true },
  { label: "tab, comma and semicolon at once", separators: "9/44/59", trimSpaces: true },
];

describe.each(databaseFactories())("the CSV download in a spreadsheet on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = testApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-csv-"));
    await seedReference(app);
    const at = app.now().toISOString();
    const { unit: province } = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    let serial = 10;
    for (const [name] of UNIT_NAMES) {
      await insertUnit(app.db, {
        code: `0${++serial}`,
        name,
        level: "district",
        parentId: province.id,
        validFrom: null,
        validTo: null,
        createdAt: at,
      });
    }
    for (const [i, [name]] of DESK_NAMES.entries()) {
      await insertDesk(app.db, { code: `01-B${i}`, name, unitId: province.id, createdAt: at });
    }
    await insertFields(
      app.db,
      FIELD_NAMES.map(([name], i) => ({ code: `f${i}`, nameVi: name, nameEn: name, sortOrder: 10 + i }))
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function downloadCsv(by: "unit" | "field"): Promise<string> {
    const prepared = (await prepareReport(app, null, {
      from: "2026-11-01",
      to: "2026-11-30",
      unit: "01",
      by,
    })) as Extract<PreparedReport, { ok: true }>;
    expect(prepared.ok).toBe(true);
    const rendered = await renderReport(app, prepared, "csv", "vi");
    await rendered.done;
    const file = path.join(dir, `bao-cao-${by}.csv`);
    fs.writeFileSync(file, rendered.body as string, "utf8");
    return file;
  }

  /** Every cell of the CSV as LibreOffice opened it (saved as XLSX, where a formula is stored as one). */
  async function openInCalc(file: string, filter: string): Promise<Cell[][]> {
    const out = fs.mkdtempSync(path.join(dir, "out-"));
    const result = spawnSync(
      "libreoffice",
      [
        `-env:UserInstallation=file://${path.join(dir, "profile")}`,
        "--headless",
        `--infilter=${filter}`,
        "--convert-to",
        "xlsx",
        "--outdir",
        out,
        file,
      ],
      { encoding: "utf8", timeout: 120_000 }
    );
    expect(result.status, result.stderr).toBe(0);
    return readXlsx(path.join(out, `${path.basename(file, ".csv")}.xlsx`));
  }

  /**
   * Both downloads (by unit, by field) in every reading, opened once for the
   * tests below; and, as a control, a bare `=1+1` in each reading, which must
   * become a formula (else the reading would prove nothing).
   */
  let sheets: Map<string, Cell[][]> | undefined;
  async function readAll(): Promise<Map<string, Cell[][]>> {
    if (sheets) return sheets;
    const opened = new Map<string, Cell[][]>();
    const control = path.join(dir, "control.csv");
    fs.writeFileSync(control, "=1+1\r\n");
    for (const by of ["unit", "field", "control"] as const) {
      const file = by === "control" ? control : await downloadCsv(by);
      for (const reading of READINGS) {
        const filter = csvImportFilter(reading.separators, reading.trimSpaces);
        opened.set(`${by} ${reading.label}`, await openInCalc(file, filter));
      }
    }
    sheets = opened;
    return opened;
  }

  it.skipIf(!TOOLS.libreoffice.available)(
    "opens with no cell a formula, whichever separator the spreadsheet splits at",
    async () => {
      for (const [key, rows] of await readAll()) {
        const formulas = rows.flat().flatMap((c) => (c.formula === null ? [] : [c.formula]));
        if (key.startsWith("control")) expect(formulas, key).toEqual(["1+1"]);
        else {
          expect(formulas, key).toEqual([]);
          expect(rows.length, key).toBeGreaterThan(3);
        }
      }
    }
  );

  it.skipIf(!TOOLS.libreoffice.available)(
    "reads every unit, desk and field name back as typed with the file's own separator, escapes documented",
    async () => {
      const all = await readAll();
      const names = (by: string) => all.get(`${by} ${READINGS[0].label}`)!.map((row) => row[1]?.text);
      expect(names("unit")).toEqual(expect.arrayContaining([...UNIT_NAMES, ...DESK_NAMES].map(([, back]) => back)));
      expect(names("field")).toEqual(expect.arrayContaining(FIELD_NAMES.map(([, back]) => back)));
      // One row per group, the header and the total: nothing split, nothing lost.
      expect(names("unit")).toHaveLength(1 + 1 + DESK_NAMES.length + UNIT_NAMES.length + 1);
    }
  );
});

/** The first sheet's cells, row by row: whether each is a formula, and its text. */
async function readXlsx(file: string): Promise<Cell[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: Cell[][] = [];
  book.worksheets[0].eachRow((row) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const formula = cell.type === ExcelJS.ValueType.Formula ? String(cell.formula) : null;
      cells[col - 1] = { formula, text: formula === null ? cell.text : "" };
    });
    rows.push(Array.from(cells, (c) => c ?? { formula: null, text: "" }));
  });
  return rows;
}
