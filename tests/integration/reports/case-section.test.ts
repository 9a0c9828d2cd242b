/**
 * The report's section «Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà»
 * (issue 16, ADR 049): eight cases around April 2026 — its holidays 27/4,
 * 30/4 and 1/5 in the working days, a case opened ten minutes after local
 * midnight on 1/4, one marked suspect, two outside the month — counted by
 * hand, and read back through the JSON API handler, the CSV, the XLSX
 * (ExcelJS), the PDF (pdftotext) and the DOCX (LibreOffice Writer). One
 * counted case has the citizen's phone: none of them shows it, in any form.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertHoliday } from "~db/repositories/holidays";
import { startSession } from "~/auth/session.server";
import { ratesApi } from "~/reports/api.server";
import type { ReportFormat } from "~/reports/query.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { openTestCase } from "../../helpers/cases";
import { databaseFactories } from "../../helpers/databases";
import { docxLines, pdfText, renderedReport } from "../../helpers/report-files";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

/** Local time (UTC+7) as the ISO instant the tables store. */
const local = (at: string) => new Date(`${at}+07:00`).toISOString();

/** The phone a citizen left on a counted case (ADR 048: never in exports or reports). */
const PHONE = "0916482735";
/**
 * Fails when `text` holds the phone in any formatting (0916 482 735,
 * +84 916.482.735, 916482735 as a number): its nine significant digits in
 * a row once everything but digits is taken out.
 */
function expectNoPhone(text: string, where: string) {
  expect(text.replace(/\D/g, ""), `the phone in the ${where}`).not.toContain(PHONE.slice(1));
}

describe.each(databaseFactories())("the case section of every report on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    for (const [date, name] of [
      ["2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"],
      ["2026-04-30", "Ngày Chiến thắng"],
      ["2026-05-01", "Ngày Quốc tế Lao động"],
    ])
      await upsertHoliday(app.db, { date, name });
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const a = await createUnitWithDesk(app, {
      code: "01001",
      name: "Xã An",
      level: "commune",
      parentId: province.unit.id,
    });
    const b = await createUnitWithDesk(app, {
      code: "01002",
      name: "Xã Bình",
      level: "commune",
      parentId: province.unit.id,
    });
    const open = async (
      unit: typeof a,
      opened: string,
      dueOn: string,
      end?: { at: string; finding: "founded" | "unfounded" | "insufficient" } | "verifying",
      suspect = false,
      phone?: string
    ) => {
      const { caseId } = await openTestCase(app.db, {
        unitId: unit.unit.id,
        deskId: unit.desk.id,
        at: local(opened),
        dueOn,
        phone,
      });
      await app.db
        .updateTable("cases")
        .set({
          suspect: suspect ? 1 : 0,
          ...(end === "verifying"
            ? { status: "verifying" }
            : end
              ? { status: "concluded", concluded_at: local(end.at), finding: end.finding, measures: "Nhắc nhở" }
              : {}),
        })
        .where("id", "=", caseId)
        .execute();
    };
    // Xã An: 6 working days (21–24/4, 28–29/4; 27/4 a holiday), on time, founded.
    await open(a, "2026-04-20T09:00:00", "2026-05-05", { at: "2026-04-29T15:00:00", finding: "founded" });
    // 3 working days (28/4, 29/4, 4/5; 27/4, 30/4 and 1/5 holidays), after its last day 28/4: late, unfounded.
    await open(a, "2026-04-24T10:00:00", "2026-04-28", { at: "2026-05-04T10:00:00", finding: "unfounded" });
    // Still being verified, its last day 24/4 long past: overdue. The citizen left a phone (kept: not concluded).
    await open(a, "2026-04-10T08:00:00", "2026-04-24", "verifying", false, PHONE);
    // Marked suspect: not counted.
    await open(a, "2026-04-21T08:00:00", "2026-05-06", undefined, true);
    // Outside April: 31/3 at 23:30 local, and 2/5.
    await open(a, "2026-03-31T23:30:00", "2026-04-14");
    await open(a, "2026-05-02T09:00:00", "2026-05-18");
    // Xã Bình: 1 working day, on time, not enough information.
    await open(b, "2026-04-15T09:00:00", "2026-04-29", { at: "2026-04-16T09:00:00", finding: "insufficient" });
    // Opened 28/4, its last day far ahead: open, not overdue.
    await open(b, "2026-04-28T09:00:00", "2099-01-01");
    // Ten minutes into 1 April (local): in April; its last day 15/4 past: overdue.
    await open(b, "2026-04-01T00:10:00", "2026-04-15");
    app.setNow("2026-12-04T10:00:00+07:00");
  });

  const TOTAL = {
    key: "total",
    label: "Tổng cộng",
    opened: 6,
    concluded: 3,
    onTime: { count: 2, denominator: 3, rate: 2 / 3, low: expect.any(Number), high: expect.any(Number) },
    overdue: 2,
    medianWorkingDays: 3,
    findings: { founded: 1, unfounded: 1, insufficient: 1 },
  };

  it("answers the API with the section by unit, hand-computed", async () => {
    const staff = await staffFor(app, "manager", "01");
    const url = "http://hailong.test/api/v1/reports/rates?from=2026-04-01&to=2026-04-30&unit=01";
    const cookie = (await startSession(app, staff.user.id, new Request(url))).split(";")[0];
    const res = await ratesApi(app, new Request(url, { headers: { cookie } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.cases.asOf).toBe("2026-12-04");
    expect(body.cases.total).toEqual(TOTAL);
    const byKey = Object.fromEntries(body.cases.groups.map((g: { key: string }) => [g.key, g]));
    expect(byKey["01001"]).toEqual({
      key: "01001",
      label: "Xã An",
      opened: 3,
      concluded: 2,
      onTime: { count: 1, denominator: 2, rate: 0.5, low: expect.any(Number), high: expect.any(Number) },
      overdue: 1,
      medianWorkingDays: 4.5,
      findings: { founded: 1, unfounded: 1, insufficient: 0 },
    });
    expect(byKey["01002"]).toMatchObject({
      opened: 3,
      concluded: 1,
      onTime: { count: 1, denominator: 1, rate: 1 },
      overdue: 1,
      medianWorkingDays: 1,
      findings: { founded: 0, unfounded: 0, insufficient: 1 },
    });
    // The province's own desk has no case: listed with zeros, like the rates' empty groups.
    expect(byKey["01-MC"]).toMatchObject({ opened: 0, concluded: 0, onTime: { rate: null }, medianWorkingDays: null });
    expectNoPhone(JSON.stringify(body), "JSON API");
  });

  it("follows the report's scope and grouping: one commune, by month", async () => {
    const staff = await staffFor(app, "manager", "01002");
    const url = "http://hailong.test/api/v1/reports/rates?from=2026-03-01&to=2026-05-31&unit=01002&by=month";
    const cookie = (await startSession(app, staff.user.id, new Request(url))).split(";")[0];
    const body = await (await ratesApi(app, new Request(url, { headers: { cookie } }))).json();
    expect(body.cases.total).toMatchObject({ opened: 3, concluded: 1, overdue: 1 });
    expect(body.cases.groups.map((g: { key: string; opened: number }) => [g.key, g.opened])).toEqual([
      ["2026-03", 0],
      ["2026-04", 3],
      ["2026-05", 0],
    ]);
  });

  const render = (format: ReportFormat) =>
    renderedReport(app, { from: "2026-04-01", to: "2026-04-30", unit: "01" }, format);

  it("writes the section after the rates in the CSV", async () => {
    const text = (await render("csv")).toString("utf8");
    const lines = text.split(/\r?\n/);
    const at = lines.findIndex((l) => l.includes("Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà"));
    expect(at).toBeGreaterThan(0);
    const total = lines.slice(at).find((l) => l.includes('"Tổng cộng"'))!;
    // Code, name, opened, concluded, on time, share %, low, high, overdue, median, founded, unfounded, insufficient.
    expect(total).toMatch(/^"","Tổng cộng",6,3,2,66\.7,[\d.]+,[\d.]+,2,3,1,1,1$/);
    expectNoPhone(text, "CSV");
  });

  it("gives the XLSX a sheet of the section, figures as numbers", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await render("xlsx")) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Xử lý phản ánh")!;
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(["Phụ lục: Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà"]);
    expect(rows.find((r) => r[0] === "Xã An")).toEqual(["Xã An", 3, 2, 1, 0.5, 1, 4.5, 1, 1, 0]);
    expect(rows.find((r) => r[0] === "Tổng cộng")).toEqual(["Tổng cộng", 6, 3, 2, 2 / 3, 2, 3, 1, 1, 1]);
    // Every cell of every sheet, numbers included, and the sheets' names.
    const cells: string[] = [];
    book.eachSheet((ws) => {
      cells.push(ws.name);
      ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? cell.value))));
    });
    expect(cells.length).toBeGreaterThan(50);
    for (const cell of cells) expectNoPhone(cell, "XLSX");
  });

  it("prints the section as an annex of the PDF", async () => {
    const text = pdfText(await render("pdf"));
    expect(text).toContain("Phụ lục: Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà");
    const annex = text.slice(text.indexOf("Phụ lục: Kết quả xử lý phản ánh"));
    const line = (label: string) => annex.split("\n").find((l) => l.trim().startsWith(label));
    expect(line("Xã An")).toMatch(/Xã An\s+3\s+2\s+1\s+50,0%\s+1\s+4,5\s+1\s+1\s+0/);
    expect(line("Tổng cộng")).toMatch(/Tổng cộng\s+6\s+3\s+2\s+66,7%\s+2\s+3\s+1\s+1\s+1/);
    expectNoPhone(text, "PDF");
  });

  it("gives the DOCX the same annex, as LibreOffice Writer reads it", async () => {
    const lines = docxLines(await render("docx"));
    const at = lines.findIndex((l) => l.includes("Phụ lục: Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà"));
    expect(at).toBeGreaterThan(0);
    const annex = lines.slice(at).map((l) => l.trim());
    // Writer prints a table cell per line.
    const total = annex.indexOf("Tổng cộng");
    expect(annex.slice(total, total + 10)).toEqual(["Tổng cộng", "6", "3", "2", "66,7%", "2", "3", "1", "1", "1"]);
    expectNoPhone(lines.join("\n"), "DOCX");
  }, 240_000);
});
