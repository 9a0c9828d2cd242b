import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLLUP_TABLES } from "~db/repositories/rollups";
import { runCli } from "~/cli/main.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { seedReportProvince } from "../../helpers/reports";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), readStdin: async () => null },
  };
}

describe.each(databaseFactories())("CLI report and rollups:rebuild on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await seedReportProvince(app);
  });
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(() => {
    env = { NODE_ENV: "test", DATABASE_URL: testApp().config.databaseUrl, SESSION_SECRET: "x".repeat(40) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-cli-"));
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const r = io();
    const code = await runCli(argv, r.io, env);
    return { code, out: r.out.join("\n"), err: r.err.join("\n") };
  };
  const RANGE = ["--from", "2026-10-01", "--to", "2026-11-30"];

  it("prints the JSON report to stdout", async () => {
    const r = await run("report", ...RANGE, "--unit", "01", "--by", "level", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      from: "2026-10-01",
      to: "2026-11-30",
      scope: { code: "01", name: "Tỉnh Thử" },
      by: "level",
    });
    expect(report.groups.map((g: { key: string; total: number }) => [g.key, g.total])).toEqual([
      ["province", 40],
      ["district", 30],
      ["commune", 30],
    ]);
    expect(report.total.satisfaction.rate).toBe(0.94);
    // 5 of the 100 counted responses were dissatisfied: a rate like the others, not judged against a target.
    expect(report.total.dissatisfaction).toEqual({
      rate: 0.05,
      low: expect.closeTo(0.0215, 4),
      high: expect.closeTo(0.1118, 4),
      meetsTarget: null,
    });
  });

  it("prints CSV to stdout, and takes a period code instead of dates", async () => {
    const r = await run("report", "--period", "2026-Q4", "--unit", "011", "--by", "unit", "--format", "csv");
    expect(r.code, r.err).toBe(0);
    expect(r.out.startsWith('\uFEFF"Mã","Tên","Cấp",')).toBe(true);
    const lines = r.out.split("\r\n");
    // The rates, then — the period having harassment cases — their handling after an empty line (ADR 049).
    const rates = lines.slice(0, lines.indexOf(""));
    expect(rates.map((l) => l.split(",")[0])).toEqual(['\uFEFF"Mã"', '"011-MC"', '"01101"', '"01102"', '""']);
    expect(lines[rates.length + 1]).toBe('"Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà"');
  });

  it("writes the DOCX with its number, date and signer from the flags", async () => {
    const docx = path.join(dir, "bao-cao.docx");
    const r = await run(
      "report",
      "--period",
      "2026-Q4",
      "--unit",
      "01",
      "--format",
      "docx",
      "--out",
      docx,
      "--issued",
      "2026-12-04",
      "--number",
      "12/BC-SNV",
      "--authority",
      "KT",
      "--signer-title",
      "Phó Giám đốc",
      "--signer-name",
      "Nguyễn Văn An",
      "--recipients",
      "Như trên;|Lưu: VT."
    );
    expect(r.code, r.err).toBe(0);
    // The document's XML, unzipped with fflate (the zip library docx itself writes with).
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(fs.readFileSync(docx))["word/document.xml"]);
    const text = xml.replace(/<[^>]+>/g, "");
    for (const phrase of [
      "Số: 12/BC-SNV",
      "ngày 04 tháng 12 năm 2026",
      "KT. GIÁM ĐỐC",
      "PHÓ GIÁM ĐỐC",
      "Nguyễn Văn An",
      "- Như trên;",
      "- Lưu: VT.",
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    fs.rmSync(docx);
  });

  it("writes XLSX and PDF to --out, and nothing else", async () => {
    const xlsx = path.join(dir, "bao-cao.xlsx");
    const r = await run("report", ...RANGE, "--by", "unit", "--format", "xlsx", "--out", xlsx);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Đã ghi báo cáo vào");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    // The four tables and the handling of the period's harassment cases (ADR 049).
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Theo cấp",
      "Theo đơn vị",
      "Theo lĩnh vực",
      "Theo tháng",
      "Xử lý phản ánh",
    ]);
    const pdf = path.join(dir, "bao-cao.pdf");
    expect((await run("report", ...RANGE, "--format", "pdf", "--out", pdf)).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(fs.readdirSync(dir).sort()).toEqual(["bao-cao.pdf", "bao-cao.xlsx"]);
  });

  it("refuses bad input with a message on stderr, exit code 2 and no file", async () => {
    const out = path.join(dir, "khong-duoc-tao.xlsx");
    const cases: [string[], RegExp][] = [
      [["--unit", "99999", "--format", "json"], /Không có đơn vị mã «99999»/],
      [["--from", "2026-12-01", "--to", "2026-11-01", "--format", "json"], /--from.*Ngày bắt đầu phải trước/],
      [["--from", "2020-01-01", "--to", "2025-06-30", "--format", "json"], /--to.*không được dài quá 5 năm/],
      [["--by", "tinh", "--format", "json"], /--by.*level, unit, field, month/],
      [["--format", "odt"], /--format.*json, csv, xlsx, pdf, docx/],
      [["--format", "docx"], /cần tùy chọn --out/],
      [["--format", "docx", "--out", out, "--issued", "2026-13-01"], /--issued.*YYYY-MM-DD/],
      [["--format", "docx", "--out", out, "--authority", "GĐ"], /--authority.*none, TM, KT, Q, TL, TUQ/],
      [["--format", "docx", "--out", out, "--signer-title", "x".repeat(81)], /--signer-title.*Dài quá 80 ký tự/],
      [["--period", "2026-Q5", "--format", "json"], /--period/],
      // The officers' sums have no channel: a «phone only» officer table would show every channel.
      [["--by", "officer", "--channel", "phone", "--format", "json"], /--channel.*không chia được theo cán bộ/],
      [["--by", "officer", "--channel", "kiosk", "--format", "csv"], /--channel.*không chia được theo cán bộ/],
      [[], /--format.*Bắt buộc/],
      [["--format", "pdf"], /cần tùy chọn --out/],
      [["--from", "2026-11-01", "--format", "xlsx", "--out", out], /--to.*Bắt buộc/],
      [["--format", "xlsx", "--out", path.join(dir, "khong-co", "x.xlsx")], /Không có thư mục/],
    ];
    for (const [args, message] of cases) {
      const r = await run("report", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(message);
      expect(r.out).toBe("");
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it("rebuilds the rollups from raw responses, and the report stays the same", async () => {
    const before = await run("report", ...RANGE, "--by", "field", "--format", "json");
    for (const table of ROLLUP_TABLES) await testApp().db.deleteFrom(table).execute();
    const broken = await run("report", ...RANGE, "--by", "field", "--format", "json");
    expect(JSON.parse(broken.out).total.total).toBe(0);
    const r = await run("rollups:rebuild");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Đã tính lại bảng tổng hợp từ 103 phiếu: \d+ dòng theo ngày/);
    expect((await run("report", ...RANGE, "--by", "field", "--format", "json")).out).toBe(before.out);
  });
});
