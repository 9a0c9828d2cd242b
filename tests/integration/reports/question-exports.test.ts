/**
 * The questions section in the downloads: answers to a SIPAS version, stored
 * through the ingest, read back from the XLSX (ExcelJS) and the PDF
 * (pdftotext) with the counts, shares and intervals of the report model.
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
    const { identity } = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    app.setNow("2026-11-10T16:00:00+07:00");
    // 3 citizens answer «access»: 2 very satisfied, 1 dissatisfied; one also the feedback question.
    const answers = [
      { access: "very_satisfied", feedback: "none" },
      { access: "very_satisfied" },
      { access: "dissatisfied" },
    ];
    const items = answers.map((a, i) => ({
      id: crypto.randomUUID(),
      submittedAt: new Date(Date.parse("2026-11-10T09:30:00+07:00") + i * 60_000).toISOString(),
      questionnaireVersion: 2,
      rating: "satisfied",
      answers: a,
    }));
    const results = await ingestResponses(app, identity, items, app.now());
    expect(results.map((r) => r.status)).toEqual(["created", "created", "created"]);
  });

  const render = (format: ReportFormat) =>
    renderedReport(app, { from: "2026-11-01", to: "2026-11-30", unit: "01" }, format);

  it("gives the XLSX a sheet of the extra questions, shares as percentages", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await render("xlsx")) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Câu hỏi thêm")!;
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(["Phụ lục: Kết quả các câu hỏi thêm"]);
    expect(
      rows.some((r) => String(r[0]).startsWith("1. Việc tiếp cận dịch vụ") && String(r[0]).includes("3 phiếu"))
    ).toBe(true);
    const veryAt = rows.findIndex((r) => r[0] === "Rất hài lòng");
    expect(rows[veryAt].slice(0, 3)).toEqual(["Rất hài lòng", 2, 2 / 3]);
    const feedback = rows.find((r) => r[0] === "Chưa góp ý, phản ánh")!;
    expect(feedback.slice(0, 3)).toEqual(["Chưa góp ý, phản ánh", 1, 1]);
  });

  it("prints the extra questions as an annex of the PDF", async () => {
    const text = pdfText(await render("pdf"));
    expect(text).toContain("Phụ lục: Kết quả các câu hỏi thêm");
    expect(text).toContain("Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?");
    const very = text.split("\n").find((l) => l.trim().startsWith("Rất hài lòng"));
    expect(very).toMatch(/Rất hài lòng\s+2\s+66,7%\s+\d+,\d% – \d+,\d%/);
  });

  it("gives the DOCX the same annex, as LibreOffice Writer reads it", async () => {
    const lines = docxLines(await render("docx"));
    const at = lines.findIndex((l) => l.includes("Phụ lục: Kết quả các câu hỏi thêm"));
    expect(at).toBeGreaterThan(0);
    const annex = lines.slice(at).map((l) => l.trim());
    expect(annex.some((l) => l.includes("Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?"))).toBe(true);
    // Writer prints a table cell per line: the option, its count, its share.
    const very = annex.indexOf("Rất hài lòng");
    expect(annex.slice(very, very + 3)).toEqual(["Rất hài lòng", "2", "66,7%"]);
  });
});
