/**
 * The questions section in the downloads: answers to a SIPAS version, stored
 * through the ingest, read back from the XLSX (ExcelJS), the PDF (pdftotext)
 * and the DOCX (LibreOffice Writer) with the counts, shares and intervals of
 * the report model, over the scope and by the grouping asked for (unit by
 * default, field, month).
 */
import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { insertQuestionnaire } from "~db/repositories/questionnaires";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { applyTemplate } from "~/domain/questionnaire-templates";
import { translators } from "~/i18n/i18n.server";
import { ingestResponses } from "~/ingest/ingest.server";
import type { ReportFormat } from "~/reports/query.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { docxLines, pdfText, renderedReport } from "../../helpers/report-files";

/** Text with its line breaks and runs of spaces as single spaces (a heading may wrap). */
const flat = (text: string) => text.replace(/\s+/g, " ");
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";

describe.each(databaseFactories())("the questions section in the downloads on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    const at = app.now().toISOString();
    await insertQuestionnaire(app.db, {
      version: 2,
      definitionJson: JSON.stringify(applyTemplate(DEFAULT_DEFINITION, "sipas", translators())),
      active: 1,
      createdAt: at,
      activatedAt: at,
    });
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const commune = await createUnitWithDesk(app, {
      code: "01101",
      name: "Xã Một",
      level: "commune",
      parentId: province.unit.id,
    });
    const send = async (
      identity: typeof province.identity,
      at: string,
      fieldCode: string,
      answers: Record<string, string>[]
    ) => {
      const items = answers.map((a, i) => ({
        id: crypto.randomUUID(),
        submittedAt: new Date(Date.parse(at) + i * 60_000).toISOString(),
        questionnaireVersion: 2,
        rating: "satisfied",
        fieldCode,
        answers: a,
      }));
      const results = await ingestResponses(app, identity, items, app.now());
      expect(results.map((r) => r.status)).toEqual(answers.map(() => "created"));
    };
    // October, one citizen at the province's desk: satisfied.
    app.setNow("2026-10-20T16:00:00+07:00");
    await send(province.identity, "2026-10-20T10:00:00+07:00", "thue", [{ access: "satisfied" }]);
    app.setNow("2026-11-20T16:00:00+07:00");
    // November, 4 citizens answer «access». At the province's desk, on land: 2 very satisfied
    // (one also answers the feedback question), 1 dissatisfied; at the commune's, on tax: 1 satisfied.
    await send(province.identity, "2026-11-10T09:30:00+07:00", "dat_dai", [
      { access: "very_satisfied", feedback: "none" },
      { access: "very_satisfied" },
      { access: "dissatisfied" },
    ]);
    await send(commune.identity, "2026-11-12T10:00:00+07:00", "thue", [{ access: "satisfied" }]);
  });

  const render = (format: ReportFormat, by?: string) =>
    renderedReport(app, { from: "2026-11-01", to: "2026-11-30", unit: "01", by }, format);
  const renderMonths = (format: ReportFormat) =>
    renderedReport(app, { from: "2026-10-01", to: "2026-11-30", unit: "01", by: "month" }, format);
  const ACCESS = "«Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?»";

  it("gives the XLSX a sheet of the extra questions, shares as percentages", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await render("xlsx")) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Câu hỏi thêm")!;
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(["Phụ lục: Kết quả các câu hỏi thêm"]);
    expect(
      rows.some((r) => String(r[0]).startsWith("1. Việc tiếp cận dịch vụ") && String(r[0]).includes("4 phiếu"))
    ).toBe(true);
    const veryAt = rows.findIndex((r) => r[0] === "Rất hài lòng");
    expect(rows[veryAt].slice(0, 3)).toEqual(["Rất hài lòng", 2, 2 / 4]);
    const feedback = rows.find((r) => r[0] === "Chưa góp ý, phản ánh")!;
    expect(feedback.slice(0, 3)).toEqual(["Chưa góp ý, phản ánh", 1, 1]);

    // Then «access» by unit: a row per unit, per option its count, share and interval's ends.
    const at = rows.findIndex((r) => r[0] === `Số phiếu và tỷ lệ chọn từng phương án theo đơn vị: ${ACCESS}`);
    expect(at).toBeGreaterThan(veryAt);
    expect(rows[at + 1].slice(0, 4)).toEqual(["Đơn vị", "Số phiếu trả lời", "Rất hài lòng", "Rất hài lòng"]);
    expect(rows[at + 2].slice(0, 6)).toEqual([
      "Đơn vị",
      "Số phiếu trả lời",
      "Số phiếu chọn",
      "Tỷ lệ",
      "Khoảng tin cậy 95% – cận dưới",
      "Khoảng tin cậy 95% – cận trên",
    ]);
    const groups = rows.slice(at + 3, at + 5);
    const desk = groups.find((r) => String(r[0]).includes("Tỉnh Thử"))!;
    const xa = groups.find((r) => r[0] === "Xã Một")!;
    // The province's own desk: 3 answered, 2 very satisfied; the commune: 1 answered, satisfied.
    expect(desk.slice(1, 4)).toEqual([3, 2, 2 / 3]);
    expect(desk[4]).toBeLessThan(2 / 3);
    expect(desk[5]).toBeGreaterThan(2 / 3);
    expect(xa.slice(1, 4)).toEqual([1, 0, 0]);
    expect(xa.slice(6, 8)).toEqual([1, 1]);
  });

  it("breaks the XLSX's questions down by month when the report is by month", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderMonths("xlsx")) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.getWorksheet("Câu hỏi thêm")!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const at = rows.findIndex((r) => r[0] === `Số phiếu và tỷ lệ chọn từng phương án theo tháng: ${ACCESS}`);
    expect(at).toBeGreaterThan(0);
    expect(rows[at + 1][0]).toBe("Tháng");
    expect(rows[at + 3].slice(0, 2)).toEqual(["Tháng 10/2026", 1]);
    expect(rows[at + 3].slice(6, 8)).toEqual([1, 1]);
    expect(rows[at + 4].slice(0, 4)).toEqual(["Tháng 11/2026", 4, 2, 2 / 4]);
  });

  it("prints the extra questions as an annex of the PDF", async () => {
    const text = pdfText(await render("pdf"));
    expect(text).toContain("Phụ lục: Kết quả các câu hỏi thêm");
    expect(text).toContain("Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?");
    const lines = text.split("\n");
    const very = lines.find((l) => l.trim().startsWith("Rất hài lòng"));
    expect(very).toMatch(/Rất hài lòng\s+2\s+50,0%\s+\d+,\d% – \d+,\d%/);
    // By unit (the default): each cell the share, the count in brackets, the interval below.
    expect(text).toContain("Mỗi ô ghi tỷ lệ chọn phương án, trong ngoặc là số phiếu chọn");
    expect(flat(text)).toContain(`Số phiếu và tỷ lệ chọn từng phương án theo đơn vị: ${ACCESS}`);
    const xa = lines.findIndex((l) => /^\s*Xã Một\s/.test(l));
    expect(lines[xa]).toMatch(/Xã Một\s+1\s+0,0% \(0\)\s+100,0% \(1\)\s+0,0% \(0\)/);
    expect(lines[xa + 1]).toMatch(/\d+,\d% – \d+,\d%\s+\d+,\d% – 100,0%/);
  });

  it("breaks the PDF's questions down by field, and by month, as asked", async () => {
    const byField = pdfText(await render("pdf", "field"));
    expect(flat(byField)).toContain(`Số phiếu và tỷ lệ chọn từng phương án theo lĩnh vực: ${ACCESS}`);
    expect(byField).toMatch(/Lĩnh vực\s+Số phiếu\s+Rất hài lòng\s+Hài lòng/);
    expect(byField).toMatch(/Đất đai\s+3\s+66,7% \(2\)\s+0,0% \(0\)/);
    expect(byField).toMatch(/Thuế\s+1\s+0,0% \(0\)\s+100,0% \(1\)/);
    expect(flat(byField)).not.toContain("theo đơn vị: «Việc tiếp cận");
    const byMonth = pdfText(await renderMonths("pdf"));
    expect(flat(byMonth)).toContain(`Số phiếu và tỷ lệ chọn từng phương án theo tháng: ${ACCESS}`);
    expect(byMonth).toMatch(/Tháng 10\/2026\s+1\s+0,0% \(0\)\s+100,0% \(1\)/);
    expect(byMonth).toMatch(/Tháng 11\/2026\s+4\s+50,0% \(2\)\s+25,0% \(1\)/);
  });

  it("gives the DOCX the same annex, as LibreOffice Writer reads it", async () => {
    const lines = docxLines(await render("docx"));
    const at = lines.findIndex((l) => l.includes("Phụ lục: Kết quả các câu hỏi thêm"));
    expect(at).toBeGreaterThan(0);
    const annex = lines.slice(at).map((l) => l.trim());
    expect(annex.some((l) => l.includes("Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?"))).toBe(true);
    // Writer prints a table cell per line: the option, its count, its share.
    const very = annex.indexOf("Rất hài lòng");
    expect(annex.slice(very, very + 3)).toEqual(["Rất hài lòng", "2", "50,0%"]);
    // By unit (the default): the commune's row, each option's share (count) over its interval.
    const heading = annex.indexOf(`Số phiếu và tỷ lệ chọn từng phương án theo đơn vị: ${ACCESS}`);
    expect(heading).toBeGreaterThan(very);
    const xa = annex.indexOf("Xã Một", heading);
    expect(annex.slice(xa, xa + 3)).toEqual(["Xã Một", "1", "0,0% (0)"]);
    expect(annex[xa + 3]).toMatch(/^\d+,\d% – \d+,\d%$/);
    expect(annex[xa + 4]).toBe("100,0% (1)");
  });

  it("breaks the DOCX's questions down by month when the report is by month", async () => {
    const annex = docxLines(await renderMonths("docx")).map((l) => l.trim());
    const heading = annex.indexOf(`Số phiếu và tỷ lệ chọn từng phương án theo tháng: ${ACCESS}`);
    expect(heading).toBeGreaterThan(0);
    expect(annex.slice(heading + 1, heading + 4)).toEqual(["Tháng", "Số phiếu trả lời", "Rất hài lòng"]);
    const november = annex.indexOf("Tháng 11/2026", heading);
    expect(annex.slice(november, november + 3)).toEqual(["Tháng 11/2026", "4", "50,0% (2)"]);
    expect(annex[november + 3]).toMatch(/^\d+,\d% – \d+,\d%$/);
  });
});
