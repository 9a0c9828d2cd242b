/**
 * The per-dossier section of the report against hand-computed numbers: ten
 * dossiers reported by the one-stop system in and around November 2026,
 * three evaluated (one «Không hài lòng» with a harassment complaint), read
 * from the JSON report, the CSV, the XLSX, the PDF and the DOCX; both dialects.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestResponses } from "~/ingest/ingest.server";
import { recordDossierEvents } from "~/dossiers/events.server";
import { createSystem } from "~/dossiers/systems.server";
import { type PreparedReport, type ReportFormat, prepareReport } from "~/reports/query.server";
import { renderReport } from "~/reports/export/render.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { docxLines } from "../../helpers/report-files";
import { TOOLS } from "../../helpers/tools";
import { ended, received } from "../../helpers/dossier-api";

async function toBuffer(body: string | Readable): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(databaseFactories())("the dossier section of the report on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const commune = await createUnitWithDesk(app, {
      code: "01001",
      name: "Xã Thử",
      level: "commune",
      parentId: province.unit.id,
    });
    const system = await createSystem(app.db, { id: null, username: "[test]" }, app.now(), "Một cửa");
    const desk = commune.desk.code;
    const events = [
      // A: on time, evaluated «Hài lòng».
      received("HS-A", desk, "2026-11-02T08:00:00+07:00", "2026-11-10T17:00:00+07:00"),
      ended("returned", "HS-A", "2026-11-09T09:00:00+07:00"),
      // B: late, «Không hài lòng» with a harassment complaint.
      received("HS-B", desk, "2026-11-03T08:00:00+07:00", "2026-11-05T17:00:00+07:00"),
      ended("returned", "HS-B", "2026-11-06T09:00:00+07:00"),
      // C: on time, «Không hài lòng».
      received("HS-C", desk, "2026-11-04T08:00:00+07:00", "2026-11-20T17:00:00+07:00"),
      ended("returned", "HS-C", "2026-11-12T09:00:00+07:00"),
      // D: on time, returned in the last local hour of November, not evaluated.
      received("HS-D", desk, "2026-11-05T08:00:00+07:00", "2026-12-01T17:00:00+07:00"),
      ended("returned", "HS-D", "2026-11-30T23:30:00+07:00"),
      // E: late, not evaluated.
      received("HS-E", desk, "2026-11-06T08:00:00+07:00", "2026-11-08T17:00:00+07:00"),
      ended("returned", "HS-E", "2026-11-10T09:00:00+07:00"),
      // F: received, still open.
      received("HS-F", desk, "2026-11-25T08:00:00+07:00", "2026-12-10T17:00:00+07:00"),
      // G: received in October (local), returned on time in November.
      received("HS-G", desk, "2026-10-31T23:50:00+07:00", "2026-11-05T17:00:00+07:00"),
      ended("returned", "HS-G", "2026-11-03T09:00:00+07:00"),
      // H: received, then withdrawn: never returned.
      received("HS-H", desk, "2026-11-28T08:00:00+07:00", "2026-12-05T17:00:00+07:00"),
      ended("withdrawn", "HS-H", "2026-11-29T08:00:00+07:00"),
      // I: received in November, returned in the first minutes of December (local).
      received("HS-I", desk, "2026-11-29T08:00:00+07:00", "2026-12-05T17:00:00+07:00"),
      ended("returned", "HS-I", "2026-12-01T00:10:00+07:00"),
      // J: at the province's own desk (outside the commune's scope), on time.
      received("HS-J", province.desk.code, "2026-11-10T08:00:00+07:00", "2026-11-20T17:00:00+07:00"),
      ended("returned", "HS-J", "2026-11-15T08:00:00+07:00"),
    ];
    const outcomes = await recordDossierEvents(app.db, events, {
      systemId: system.id,
      now: app.now(),
      origin: "https://hailong.example",
    });
    expect(outcomes.filter((o) => o.status === "invalid")).toEqual([]);

    // Three evaluations at the commune's tablet, each the counted one of its dossier.
    app.setNow("2026-11-12T16:00:00+07:00");
    const evaluations = [
      { code: "HS-A", rating: "satisfied" },
      { code: "HS-B", rating: "dissatisfied", reasons: ["harassment"] },
      { code: "HS-C", rating: "dissatisfied", reasons: ["long_wait"] },
    ];
    const items = evaluations.map((e, i) => ({
      id: crypto.randomUUID(),
      submittedAt: new Date(Date.parse("2026-11-12T10:00:00+07:00") + i * 60_000).toISOString(),
      questionnaireVersion: 1,
      rating: e.rating,
      ...(e.reasons ? { reasons: e.reasons } : {}),
    }));
    const results = await ingestResponses(app, commune.identity, items, app.now());
    expect(results.map((r) => r.status)).toEqual(["created", "created", "created"]);
    for (const [i, e] of evaluations.entries()) {
      const dossier = await app.db
        .selectFrom("dossiers")
        .select("id")
        .where("code", "=", e.code)
        .executeTakeFirstOrThrow();
      await app.db.updateTable("responses").set({ dossier_id: dossier.id }).where("id", "=", items[i].id).execute();
      await app.db
        .updateTable("dossiers")
        .set({ evaluation_response_id: items[i].id })
        .where("id", "=", dossier.id)
        .execute();
    }
    expect(await app.db.selectFrom("cases").select("id").execute()).toHaveLength(1);
  });

  async function render(format: ReportFormat, unit: string) {
    const prepared = (await prepareReport(app, null, {
      from: "2026-11-01",
      to: "2026-11-30",
      unit,
    })) as Extract<PreparedReport, { ok: true }>;
    expect(prepared.ok).toBe(true);
    const rendered = await renderReport(app, prepared, format, "vi");
    const buffer = await toBuffer(rendered.body);
    await rendered.done;
    return buffer;
  }

  it("counts the commune's dossiers as computed by hand, in the JSON report", async () => {
    const json = JSON.parse((await render("json", "01001")).toString("utf8"));
    // Received in November (local): A B C D E F H I = 8; returned: A B C D E G = 6.
    expect(json.dossiers).toMatchObject({
      received: 8,
      returned: 6,
      onTime: { count: 4, denominator: 6 }, // A C D G
      late: { count: 2, denominator: 6 }, // B E
      evaluated: { count: 3, denominator: 6, rate: 0.5 }, // A B C
      dissatisfied: { count: 2, denominator: 6 }, // B C
      withComplaint: { count: 1, denominator: 6 }, // B
      flagged: 3, // B (all three), C, E
      decision766: { count: 3, denominator: 6, rate: 0.5 }, // A D G
    });
    // The province's scope adds J (received and returned on time).
    const province = JSON.parse((await render("json", "01")).toString("utf8"));
    expect(province.dossiers).toMatchObject({
      received: 9,
      returned: 7,
      onTime: { count: 5 },
      decision766: { count: 4, denominator: 7 },
    });
  });

  it("prints the section in the CSV and the XLSX", async () => {
    const csv = (await render("csv", "01001")).toString("utf8");
    expect(csv).toContain('"decision766","Đạt theo Quyết định 766 (không thuộc ba trường hợp trên)",3,6,50,');
    expect(csv).toContain('"received","Hồ sơ tiếp nhận trong kỳ",8,,,,');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await render("xlsx", "01001")) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Theo hồ sơ")!;
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const late = rows.find((r) => r[0] === "Trả trễ hạn")!;
    expect(late.slice(0, 2)).toEqual(["Trả trễ hạn", 2]);
    expect(late[2]).toBeCloseTo(2 / 6, 10);
    const ratio = rows.find((r) => String(r[0]).startsWith("Đạt theo Quyết định 766"))!;
    expect(ratio.slice(1, 3)).toEqual([3, 0.5]);
  });

  it.skipIf(!TOOLS.libreoffice.available)("prints the section in the DOCX", async () => {
    const lines = docxLines(await render("docx", "01001"))
      .map((l) => l.trim())
      .filter((l) => l !== "");
    expect(lines.join("\n")).toContain("Kết quả theo hồ sơ");
    expect(lines).toContain("Hồ sơ tiếp nhận trong kỳ: 8; hồ sơ đã trả kết quả trong kỳ: 6");
    // Each term's row: its count, then its share of the 6 returned dossiers.
    const row = (term: string) => lines.slice(lines.indexOf(term), lines.indexOf(term) + 3);
    expect(row("Trả trễ hạn")).toEqual(["Trả trễ hạn", "2", expect.stringMatching(/^33,3\s?%$/)]);
    expect(row("Bị đánh giá «Không hài lòng»")).toEqual([
      "Bị đánh giá «Không hài lòng»",
      "2",
      expect.stringMatching(/^33,3\s?%$/),
    ]);
    expect(row("Đạt theo Quyết định 766 (không thuộc ba trường hợp trên)")).toEqual([
      "Đạt theo Quyết định 766 (không thuộc ba trường hợp trên)",
      "3",
      expect.stringMatching(/^50,0\s?%$/),
    ]);
  });

  it.skipIf(!TOOLS.pdftotext.available)("prints the section in the PDF", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-pdf-"));
    try {
      const file = path.join(dir, "report.pdf");
      fs.writeFileSync(file, await render("pdf", "01001"));
      const text = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).stdout;
      expect(text).toContain("Kết quả theo hồ sơ");
      expect(text).toMatch(/Bị đánh giá «Không hài lòng»\s+2\s+33,3\s?%/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
