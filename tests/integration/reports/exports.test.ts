/**
 * Downloads as a Sở Nội vụ analyst opens them: the XLSX read back with ExcelJS
 * and opened by LibreOffice, the PDF's text extracted with pdftotext, the CSV
 * as Excel reads it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { setSetting, SETTING_KEYS, upsertBaseline, upsertTargets } from "~db/repositories/settings";
import { insertUnit } from "~db/repositories/units";
import { type PreparedReport, prepareReport, type ReportFormat } from "~/reports/query.server";
import { renderReport } from "~/reports/export/render.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { seedReportProvince } from "../../helpers/reports";
import { TOOLS } from "../../helpers/tools";

async function toBuffer(body: string | Readable): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "hailong-export-"));
}

describe.each(databaseFactories())("report downloads on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    const fixture = await seedReportProvince(app);
    // A unit whose name a spreadsheet would run as a formula, and one with a comma.
    for (const name of ['=HYPERLINK("http://x","bấm")', "Xã Phú, Mỹ"]) {
      await insertUnit(app.db, {
        code: name.startsWith("=") ? "01301" : "01302",
        name,
        level: "district",
        parentId: fixture.province.unit.id,
        validFrom: null,
        validTo: null,
        createdAt: app.now().toISOString(),
      });
    }
  });

  async function render(format: ReportFormat, params: Record<string, string> = {}) {
    const prepared = (await prepareReport(app, null, {
      from: "2026-10-01",
      to: "2026-12-31",
      unit: "01",
      ...params,
    })) as Extract<PreparedReport, { ok: true }>;
    expect(prepared.ok).toBe(true);
    const rendered = await renderReport(app, prepared, format, "vi");
    const buffer = await toBuffer(rendered.body);
    await rendered.done;
    return { ...rendered, buffer };
  }

  async function workbook() {
    const { buffer, fileName, contentType } = await render("xlsx");
    expect(fileName).toBe("bao-cao-hai-long_01_2026-10-01_2026-12-31.xlsx");
    expect(contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    return { book, buffer };
  }

  function rowWith(sheet: ExcelJS.Worksheet, text: string | RegExp): ExcelJS.Row {
    let found: ExcelJS.Row | undefined;
    const matches = (v: unknown) => (typeof text === "string" ? v === text : typeof v === "string" && text.test(v));
    sheet.eachRow((row) => {
      if (!found && row.values && (row.values as unknown[]).some(matches)) found = row;
    });
    if (!found) throw new Error(`no row with «${text}» in ${sheet.name}`);
    return found;
  }

  it("writes an XLSX in the administrative form, numbers as numbers with percentage formats", async () => {
    const { book } = await workbook();
    // The four tables, and the handling of the period's harassment cases (ADR 049).
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Theo cấp",
      "Theo đơn vị",
      "Theo lĩnh vực",
      "Theo tháng",
      "Xử lý phản ánh",
    ]);
    const sheet = book.getWorksheet("Theo đơn vị")!;
    expect(sheet.getCell("A1").value).toBe("UBND TỈNH THỬ");
    expect(sheet.getCell("A2").value).toBe("SỞ NỘI VỤ");
    const nation = rowWith(sheet, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(nation.number).toBe(1);
    expect(rowWith(sheet, "Độc lập - Tự do - Hạnh phúc").number).toBe(2);
    rowWith(
      sheet,
      "BÁO CÁO KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC ĐỐI VỚI VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    );
    rowWith(sheet, "Quý IV năm 2026 (từ ngày 01/10/2026 đến ngày 31/12/2026)");
    rowWith(sheet, "Thử, ngày 26 tháng 11 năm 2026");

    // Header: STT | Đơn vị | Cấp | Tổng số phiếu | Rất hài lòng (Số phiếu, Tỷ lệ) | … | Tỷ lệ hài lòng (Tỷ lệ, Đạt / Không đạt) | …
    const header = rowWith(sheet, "STT");
    expect(header.getCell(2).value).toBe("Đơn vị");
    expect(header.getCell(3).value).toBe("Cấp");
    expect(header.getCell(4).value).toBe("Tổng số phiếu");
    expect(header.getCell(5).value).toBe("Rất hài lòng");
    expect(sheet.getRow(header.number + 1).getCell(5).value).toBe("Số phiếu");
    expect(sheet.getRow(header.number + 1).getCell(6).value).toBe("Tỷ lệ");
    expect(header.getCell(13).value).toBe("Tỷ lệ hài lòng");

    const district = rowWith(sheet, "Huyện A");
    expect(district.getCell(1).value).toBe(2); // STT: the province's own desk is 1
    expect(district.getCell(3).value).toBe("Cấp huyện");
    expect(district.getCell(4).value).toBe(40);
    expect(district.getCell(4).numFmt).toBe("#,##0");
    expect(district.getCell(5).value).toBe(10); // Rất hài lòng (Xã A1)
    expect(district.getCell(6).value).toBe(0.25);
    expect(district.getCell(6).numFmt).toBe("0.0%");
    expect(district.getCell(7).value).toBe(27); // Hài lòng
    expect(district.getCell(13).value).toBe(0.925);
    expect(district.getCell(13).numFmt).toBe("0.0%");
    expect(district.getCell(14).value).toBe("Đạt");
    expect(header.getCell(15).value).toBe("Tỷ lệ hài lòng theo QĐ 766");
    expect(district.getCell(15).value).toBe(0.925); // (40 − 3 Không hài lòng) / 40
    expect(district.getCell(15).numFmt).toBe("0.0%");
    expect(district.getCell(16).value).toBe(1); // harassment complaints
    expect(district.getCell(17).value).toBe(0.025);
    expect(district.getCell(17).numFmt).toBe("0.0%");
    expect(district.getCell(18).value).toBe("Không đạt");
    // The province's own desk: 38 of 40 very satisfied or satisfied, 1 neutral, 1 dissatisfied.
    const desk = rowWith(sheet, "Một cửa Tỉnh Thử");
    expect(desk.getCell(13).value).toBe(0.95);
    expect(desk.getCell(15).value).toBe(0.975);

    const small = rowWith(sheet, "Huyện B");
    expect(small.getCell(13).value).toBe(0.95);
    expect(small.getCell(14).value).toBe("Chưa đủ mẫu");
    const empty = rowWith(sheet, "Xã Phú, Mỹ");
    expect(empty.getCell(13).value).toBe("—");

    expect(rowWith(sheet, "Cộng cấp tỉnh").getCell(4).value).toBe(40);
    expect(rowWith(sheet, "Cộng cấp huyện").getCell(4).value).toBe(30);
    expect(rowWith(sheet, "Cộng cấp xã").getCell(4).value).toBe(30);
    const total = rowWith(sheet, "Tổng cộng (Tỉnh Thử)");
    expect(total.getCell(4).value).toBe(100);
    expect(total.getCell(13).value).toBe(0.94);
    expect(total.getCell(15).value).toBe(0.95); // Decision 766: (100 − 5) / 100
    expect(total.getCell(21).value).toBe(3); // suspect, not counted
    rowWith(sheet, /^Tỷ lệ hài lòng theo QĐ 766 = \(Tổng số phiếu − số phiếu Không hài lòng\)/);
    rowWith(sheet, "NGƯỜI LẬP BIỂU");
    rowWith(sheet, "GIÁM ĐỐC");
    expect(sheet.pageSetup.orientation).toBe("landscape");

    const months = book.getWorksheet("Theo tháng")!;
    expect(rowWith(months, "Tháng 10/2026").getCell(3).value).toBe(20);
    expect(rowWith(months, "Tháng 12/2026").getCell(3).value).toBe(0);
  });

  it.skipIf(!TOOLS.libreoffice.available)("opens in LibreOffice with the figures and formats intact", async () => {
    const { buffer } = await workbook();
    const dir = tempDir();
    try {
      const file = path.join(dir, "bao-cao.xlsx");
      fs.writeFileSync(file, buffer);
      // Token 9 = true: cells as shown (formatted); token 12 = -1: every sheet, each to its own file.
      const result = spawnSync(
        "libreoffice",
        [
          `-env:UserInstallation=file://${path.join(dir, "profile")}`,
          "--headless",
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
          "--outdir",
          dir,
          file,
        ],
        { encoding: "utf8", timeout: 120_000 }
      );
      expect(result.status, result.stderr).toBe(0);
      const csv = fs.readFileSync(path.join(dir, "bao-cao-Theo đơn vị.csv"), "utf8");
      expect(csv).toContain("UBND TỈNH THỬ");
      expect(csv).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      const district = csv.split("\n").find((l) => l.includes("Huyện A"))!;
      // As displayed: counts as numbers, rates with the one-decimal percentage format.
      expect(district).toMatch(
        /^2,Huyện A,Cấp huyện,40,10,25\.0%,27,67\.5%,0,0\.0%,3,7\.5%,92\.5%,Đạt,92\.5%,1,2\.5%,Không đạt/
      );
      const levels = fs.readFileSync(path.join(dir, "bao-cao-Theo cấp.csv"), "utf8");
      expect(levels.split("\n").find((l) => l.startsWith("1,Cấp tỉnh"))).toMatch(/^1,Cấp tỉnh,40,20,50\.0%/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!TOOLS.pdftotext.available)("writes a PDF whose text keeps its Vietnamese diacritics", async () => {
    const { buffer, fileName } = await render("pdf");
    expect(fileName).toBe("bao-cao-hai-long_01_2026-10-01_2026-12-31.pdf");
    expect(buffer.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = tempDir();
    try {
      const file = path.join(dir, "bao-cao.pdf");
      fs.writeFileSync(file, buffer);
      const result = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      const text = result.stdout.normalize("NFC");
      for (const phrase of [
        "Tỷ lệ hài lòng",
        "Huyện A",
        "Tỉnh Thử",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG",
        "Quý IV năm 2026",
        "Cộng cấp huyện",
        "NGƯỜI LẬP BIỂU",
        "Chưa đủ mẫu",
        "92,5%",
        "Tỷ lệ hài lòng theo QĐ 766",
        "Quyết định số 766/QĐ-TTg",
      ]) {
        expect(text, phrase).toContain(phrase);
      }
      // The total row: S 94,0%, then Decision 766's 95,0% after the verdict.
      const total = text.split("\n").find((l) => l.includes("Tổng cộng"));
      expect(total).toMatch(/94,0%\s+Đạt\s+95,0%/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes CSV with a BOM, one row per unit, escaped against formula injection", async () => {
    const { buffer, fileName, contentType } = await render("csv", { by: "unit" });
    expect(fileName).toBe("bao-cao-hai-long_01_2026-10-01_2026-12-31_unit.csv");
    expect(contentType).toBe("text/csv; charset=utf-8");
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const all = buffer.toString("utf8").slice(1).trimEnd().split("\r\n");
    // The rates; after an empty line, the handling of the period's harassment cases (ADR 049).
    const lines = all.slice(0, all.indexOf(""));
    expect(all[lines.length + 1]).toBe('"Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà"');
    // Every text cell quoted (see tests/integration/reports/csv-formulas.test.ts for how a spreadsheet opens it).
    expect(lines[0]).toMatch(
      /^"Mã","Tên","Cấp","Tổng số phiếu","Rất hài lòng","Hài lòng","Bình thường","Không hài lòng",/
    );
    expect(lines).toContain(
      `"011","Huyện A","Cấp huyện",40,10,27,0,3,1,0,0,0,92.5,80.1,97.4,"Đạt",37,92.5,80.1,97.4,2.5,"Không đạt",,"—"`
    );
    expect(lines).toContain(
      `"01301","'=HYPERLINK(""http://x"",""bấm"")","Cấp huyện",0,0,0,0,0,0,0,0,0,,,,"—",0,,,,,"—",,"—"`
    );
    expect(lines).toContain(`"01302","Xã Phú, Mỹ","Cấp huyện",0,0,0,0,0,0,0,0,0,,,,"—",0,,,,,"—",,"—"`);
    expect(lines.at(-1)).toMatch(/^"","Tổng cộng",,100,30,64,1,5,2,3,36,37,94,87.5,97.2,"Đạt",95,95,88.8,97.8,2,/);
    expect(lines).toHaveLength(1 + 5 + 1);
  });

  it("writes the JSON report", async () => {
    const { buffer, contentType } = await render("json", { by: "level" });
    expect(contentType).toBe("application/json; charset=utf-8");
    const report = JSON.parse(buffer.toString("utf8"));
    expect(report.by).toBe("level");
    expect(report.total.total).toBe(100);
    // Decision 766 beside S: (100 − 5 dissatisfied) / 100, and per level.
    expect(report.total.satisfaction.rate).toBe(0.94);
    expect(report.total.decision766).toEqual({
      count: 95,
      denominator: 100,
      rate: 0.95,
      low: expect.closeTo(0.88825, 5),
      high: expect.closeTo(0.9785, 4),
    });
    const province = report.groups.find((g: { key: string }) => g.key === "province");
    expect(province.decision766).toMatchObject({ count: 39, denominator: 40, rate: 0.975 });
    expect(province.satisfaction.rate).toBe(0.95);
  });

  it("prints the resolution and the baseline years only when they were entered", async () => {
    const targetsLine = async () => {
      const { book } = await workbook();
      return rowWith(book.getWorksheet("Theo cấp")!, /^Chỉ tiêu năm 2026/).getCell(1).value as string;
    };
    const plain = await targetsLine();
    expect(plain).toBe(
      "Chỉ tiêu năm 2026: tỷ lệ hài lòng trên 92,0%; tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà dưới 1,0%; tỷ lệ nhận kết quả đúng hẹn (theo ý kiến người dân) từ 97,0% trở lên."
    );
    await upsertTargets(app.db, {
      year: 2026,
      satisfaction: 0.93,
      harassment: 0.01,
      onTime: 0.97,
      minSample: 30,
      resolution: "Nghị quyết số 15/2021/NQ-HĐND",
    });
    await upsertBaseline(app.db, { year: 2019, satisfaction: 0.92, harassment: 0.01, onTime: 0.97, source: null });
    try {
      expect(await targetsLine()).toBe(
        "Chỉ tiêu năm 2026 (theo Nghị quyết số 15/2021/NQ-HĐND): tỷ lệ hài lòng trên 93,0%; tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà dưới 1,0%; tỷ lệ nhận kết quả đúng hẹn (theo ý kiến người dân) từ 97,0% trở lên. Số liệu năm làm mốc: năm 2019: 92,0% hài lòng, 1,0% phiếu phản ánh nhũng nhiễu."
      );
    } finally {
      await app.db.deleteFrom("targets").execute();
      await app.db.deleteFrom("baselines").execute();
    }
  });

  it("issues a commune's report as its People's Committee and a district's under the province", async () => {
    const issuer = async (unit: string) => {
      const { buffer } = await render("xlsx", { unit });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(buffer as unknown as ArrayBuffer);
      const sheet = book.getWorksheet("Theo cấp")!;
      return [sheet.getCell("A1").value ?? "", sheet.getCell("A2").value];
    };
    expect(await issuer("01101")).toEqual(["", "UBND XÃ A1"]);
    expect(await issuer("011")).toEqual(["UBND TỈNH THỬ", "UBND HUYỆN A"]);
    expect(await issuer("01")).toEqual(["UBND TỈNH THỬ", "SỞ NỘI VỤ"]);
    if (!TOOLS.pdftotext.available) return;
    const { buffer } = await render("pdf", { unit: "01101" });
    const dir = tempDir();
    try {
      const file = path.join(dir, "xa.pdf");
      fs.writeFileSync(file, buffer);
      const text = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).stdout;
      const top = text.normalize("NFC").split("\n").slice(0, 4).join("\n");
      expect(top).toContain("UBND XÃ A1");
      expect(top).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(text).not.toContain("SỞ NỘI VỤ");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("dates the report as Nghị định 30 writes it: no leading zero for months 3 to 12", async () => {
    const before = app.now();
    try {
      for (const [now, line] of [
        ["2026-03-05T09:00:00+07:00", "Thử, ngày 05 tháng 3 năm 2026"],
        ["2026-01-15T09:00:00+07:00", "Thử, ngày 15 tháng 01 năm 2026"],
        ["2026-12-04T09:00:00+07:00", "Thử, ngày 04 tháng 12 năm 2026"],
      ]) {
        app.setNow(now);
        const { book } = await workbook();
        rowWith(book.getWorksheet("Theo cấp")!, line);
      }
    } finally {
      app.setNow(before);
    }
  });

  it("prints the province name from the settings when there is one", async () => {
    await setSetting(app.db, SETTING_KEYS.provinceName, "Thành phố Thử Nghiệm");
    try {
      const { book } = await workbook();
      const sheet = book.getWorksheet("Theo cấp")!;
      expect(sheet.getCell("A1").value).toBe("UBND THÀNH PHỐ THỬ NGHIỆM");
      rowWith(sheet, "Thử Nghiệm, ngày 26 tháng 11 năm 2026");
    } finally {
      await app.db.deleteFrom("app_settings").where("key", "=", SETTING_KEYS.provinceName).execute();
    }
  });
});
