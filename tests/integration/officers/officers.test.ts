/**
 * Officers (issue 17, ADR 056): moves keep history, the dossier lookup by code
 * at a time, duty sign-in at a tablet (wrong PINs throttled, 8 hours), the
 * ingest's attribution to the officer on duty at the desk, and the report by
 * officer with hand-computed numbers (rows below the minimum sample hidden),
 * in the JSON, the XLSX and the PDF and DOCX annexes read back.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "~/cli/main.server";
import { findDeskByCode, insertDesk, updateDesk } from "~db/repositories/desks";
import {
  findDutyAt,
  findOfficerById,
  findOfficerIdByCode,
  listAssignments,
  renameOfficer,
  sumOfficerRollups,
} from "~db/repositories/officers";
import { rebuildRollups } from "~db/repositories/rollups";
import { serializeDeviceCookie } from "~/devices/device-cookie.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { loadKiosk } from "~/kiosk/kiosk.server";
import { CLI_ACTOR } from "~/cli/basics.server";
import { createOfficer } from "~/officers/officers.server";
import { DUTY_MS, PIN_LOCK_MS, dutyAction } from "~/officers/duty.server";
import { ratesReport } from "~/reports/rates-report.server";
import { resolveScope } from "~/reports/scope.server";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { type TestApp, useTestApp } from "../../helpers/app";
import { docxLines, pdfText } from "../../helpers/report-files";
import { TOOLS } from "../../helpers/tools";
import { ingestDatabaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

describe.each(ingestDatabaseFactories())("officers on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof createUnitWithDesk>>;
  let other: Awaited<ReturnType<typeof createUnitWithDesk>>;
  let cookie: string;

  beforeAll(async () => {
    app = testApp();
    app.setNow("2026-11-26T00:00:00Z");
    desk = await createUnitWithDesk(app, { code: "01", name: "Xã Thử", level: "commune" });
    other = await createUnitWithDesk(app, { code: "02", name: "Xã Khác", level: "commune" });
    cookie = (await serializeDeviceCookie(desk.token, false)).split(";")[0];
  });

  /** Posts the staff corner's form from the desk's tablet; returns the status and error, or the redirect's target. */
  async function duty(form: Record<string, string>) {
    const request = new Request("http://localhost/kiosk/duty", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    try {
      return await dutyAction(app, request);
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("location") };
      throw thrown;
    }
  }

  it("creates officers, and a move closes the old assignment and opens the new one (history kept)", async () => {
    const a = await createOfficer(app.db, CLI_ACTOR, app.now(), {
      desk: desk.desk,
      code: "CB-001",
      name: "Nguyễn Thị Lan",
      pin: "2468",
    });
    expect(a).toMatchObject({ code: "CB-001", name: "Nguyễn Thị Lan", deskId: desk.desk.id, hasPin: true });
    await expect(
      createOfficer(app.db, CLI_ACTOR, app.now(), { desk: desk.desk, code: "CB-001", name: "Trùng mã", pin: null })
    ).rejects.toThrow(/duplicate_officer_code/);

    // A second desk in the same unit to move to, and back.
    const second = await insertDesk(app.db, {
      code: "01-MC2",
      name: "Quầy 2",
      unitId: desk.unit.id,
      createdAt: app.now().toISOString(),
    });
    const { moveOfficer } = await import("~db/repositories/officers");
    await moveOfficer(app.db, a.id, second.id, "2026-11-26T01:00:00.000Z");
    await moveOfficer(app.db, a.id, desk.desk.id, "2026-11-26T02:00:00.000Z");
    const history = await listAssignments(app.db, a.id);
    expect(history.map((h) => [h.deskCode, h.activeFrom, h.activeTo])).toEqual([
      ["01-MC", "2026-11-26T00:00:00.000Z", "2026-11-26T01:00:00.000Z"],
      ["01-MC2", "2026-11-26T01:00:00.000Z", "2026-11-26T02:00:00.000Z"],
      ["01-MC", "2026-11-26T02:00:00.000Z", null],
    ]);
    expect((await findOfficerById(app.db, a.id))?.deskId).toBe(desk.desk.id);
    // The dossier wiring's lookup: the code, while assigned; nobody before the first assignment.
    expect(await findOfficerIdByCode(app.db, "CB-001", "2026-11-26T01:30:00.000Z")).toBe(a.id);
    expect(await findOfficerIdByCode(app.db, "CB-001", "2026-11-25T23:00:00.000Z")).toBeNull();
    expect(await findOfficerIdByCode(app.db, "CB-404", "2026-11-26T01:30:00.000Z")).toBeNull();
  });

  it("throttles wrong PINs: five in a row lock the officer's PIN for 15 minutes, even the right one", async () => {
    await createOfficer(app.db, CLI_ACTOR, app.now(), {
      desk: desk.desk,
      code: "CB-002",
      name: "Trần Văn Minh",
      pin: "1357",
    });
    app.setNow("2026-11-26T02:10:00Z");
    expect(await duty({ intent: "sign_in", code: "CB-002", pin: "12" })).toMatchObject({ status: 400 });
    for (let i = 0; i < 5; i++) {
      const wrong = await duty({ intent: "sign_in", code: "CB-002", pin: "0000" });
      expect(wrong).toMatchObject({ status: 400, error: "Mã cán bộ hoặc mã PIN không đúng." });
    }
    const locked = await duty({ intent: "sign_in", code: "CB-002", pin: "1357" });
    expect(locked).toMatchObject({ status: 429 });
    expect((locked as { error: string }).error).toContain("15 phút");
    expect(await findDutyAt(app.db, desk.desk.id, app.now().toISOString())).toBeUndefined();
    // An officer of another unit cannot sign in at this desk, with the right PIN.
    await createOfficer(app.db, CLI_ACTOR, app.now(), {
      desk: other.desk,
      code: "CB-009",
      name: "Ở xã khác",
      pin: "9999",
    });
    expect(await duty({ intent: "sign_in", code: "CB-009", pin: "9999" })).toMatchObject({ status: 400 });
    app.setNow(new Date(app.now().getTime() + PIN_LOCK_MS + 1000));
    expect(await duty({ intent: "sign_in", code: "CB-002", pin: "1357" })).toEqual({ status: 302, location: "/kiosk" });
    expect((await findDutyAt(app.db, desk.desk.id, app.now().toISOString()))?.officerName).toBe("Trần Văn Minh");
    expect(await duty({ intent: "sign_out" })).toEqual({ status: 302, location: "/kiosk" });
    expect(await findDutyAt(app.db, desk.desk.id, app.now().toISOString())).toBeUndefined();
  });

  it("names the officer on duty on the kiosk, attributes the desk's answers to them, and ends the duty after 8 hours", async () => {
    const signedInAt = new Date("2026-11-27T01:00:00Z");
    app.setNow(signedInAt);
    expect(await duty({ intent: "sign_in", code: "CB-001", pin: "2468" })).toMatchObject({ status: 302 });
    const kiosk = async () =>
      (await loadKiosk(app, new Request("http://localhost/kiosk", { headers: { cookie } }))).body.officer;
    expect(await kiosk()).toBe("Nguyễn Thị Lan");

    // 30 answers during the duty: 20 very satisfied, 7 satisfied, 3 dissatisfied (1 for harassment).
    const during = (i: number) => new Date(signedInAt.getTime() + 60_000 * (i + 1)).toISOString();
    const items = [
      ...Array.from({ length: 20 }, (_, i) => item({ rating: "very_satisfied", submittedAt: during(i) })),
      ...Array.from({ length: 7 }, (_, i) => item({ rating: "satisfied", submittedAt: during(20 + i) })),
      item({ rating: "dissatisfied", reasons: ["harassment"], submittedAt: during(27) }),
      item({ rating: "dissatisfied", reasons: ["long_wait"], submittedAt: during(28) }),
      item({ rating: "dissatisfied", reasons: ["other"], submittedAt: during(29) }),
    ];
    app.setNow(new Date(signedInAt.getTime() + 2 * 60 * 60 * 1000));
    const outcomes = await ingestResponses(app, desk.identity, items, app.now());
    expect(outcomes.every((o) => o.status === "created")).toBe(true);
    // The tablet's word is not trusted: an item naming an officer is refused, not stored.
    const [claimed] = await ingestResponses(
      app,
      desk.identity,
      [item({ officerId: 1, submittedAt: during(30) })],
      app.now()
    );
    expect(claimed.status).toBe("invalid");

    // After 8 hours the duty has ended: the kiosk names nobody and later answers belong to nobody.
    const after = new Date(signedInAt.getTime() + DUTY_MS + 60_000);
    app.setNow(after);
    expect(await kiosk()).toBeNull();
    const late = item({ rating: "satisfied", submittedAt: after.toISOString() });
    await ingestResponses(app, desk.identity, [late], app.now());

    const rows = await app.db.selectFrom("responses").select(["id", "officer_id"]).execute();
    const byId = new Map(rows.map((r) => [r.id, r.officer_id === null ? null : Number(r.officer_id)]));
    const lan = (
      await app.db.selectFrom("officers").select("id").where("code", "=", "CB-001").executeTakeFirstOrThrow()
    ).id;
    expect(items.map((i) => byId.get(i.id))).toEqual(items.map(() => Number(lan)));
    expect(byId.get(late.id)).toBeNull();
  });

  it("reports by officer from the rollup: hand-computed rates, officers below the minimum sample hidden", async () => {
    // Trần Văn Minh: 5 answers on his own duty, below the minimum sample of 30.
    const start = new Date("2026-11-28T01:00:00Z");
    app.setNow(start);
    expect(await duty({ intent: "sign_in", code: "CB-002", pin: "1357" })).toMatchObject({ status: 302 });
    const few = Array.from({ length: 5 }, (_, i) =>
      item({ rating: "satisfied", submittedAt: new Date(start.getTime() + 60_000 * (i + 1)).toISOString() })
    );
    app.setNow(new Date(start.getTime() + 60 * 60 * 1000));
    await ingestResponses(app, desk.identity, few, app.now());

    const scope = await resolveScope(app.db, { allowed: undefined, unitId: null }, null);
    const report = await ratesReport(
      app.db,
      scope,
      { from: "2026-11-01", to: "2026-11-30", by: "officer" },
      { lang: "vi", targets: DEFAULT_TARGETS }
    );
    expect(report.groups.map((g) => g.label)).toEqual(["Nguyễn Thị Lan (Một cửa Xã Thử)"]);
    const [lan] = report.groups;
    expect(lan.counts).toMatchObject({ total: 30, verySatisfied: 20, satisfied: 7, dissatisfied: 3, harassment: 1 });
    expect(lan.rates.satisfaction.rate).toBeCloseTo(27 / 30, 12);
    expect(lan.rates.harassment.rate).toBeCloseTo(1 / 30, 12);
    expect(lan.rates.decision766).toMatchObject({ count: 27, denominator: 30 });
    // Wilson 95% interval of 27/30.
    expect(lan.rates.satisfaction.low).toBeCloseTo(0.7438, 3);
    expect(lan.rates.satisfaction.high).toBeCloseTo(0.9654, 3);
    expect(report.hiddenBelowMinSample).toBe(1);
    expect(report.total.counts.total).toBe(35);
    // Renamed, at a renamed desk: the next report says so (its sums and labels are kept only while nothing changes).
    const lanId = (
      await app.db.selectFrom("officers").select("id").where("code", "=", "CB-001").executeTakeFirstOrThrow()
    ).id;
    await renameOfficer(app.db, lanId, "Nguyễn Thị Lan Anh");
    await updateDesk(app.db, desk.desk.id, { name: "Quầy số 1" });
    const renamed = await ratesReport(
      app.db,
      scope,
      { from: "2026-11-01", to: "2026-11-30", by: "officer" },
      { lang: "en", targets: DEFAULT_TARGETS }
    );
    expect(renamed.groups.map((g) => g.label)).toEqual(["Nguyễn Thị Lan Anh (Quầy số 1)"]);
    await renameOfficer(app.db, lanId, "Nguyễn Thị Lan");
    await updateDesk(app.db, desk.desk.id, { name: "Một cửa Xã Thử" });

    // Another unit's scope sees none of them.
    const otherScope = await resolveScope(app.db, { allowed: [other.unit.id], unitId: other.unit.id }, null);
    const outside = await ratesReport(
      app.db,
      otherScope,
      { from: "2026-11-01", to: "2026-11-30", by: "officer" },
      { lang: "vi", targets: DEFAULT_TARGETS }
    );
    expect(outside.groups).toEqual([]);
    expect(outside.total.counts.total).toBe(0);

    // The CLI's --by officer: the same figures as JSON; the XLSX gets an annex by officer with the note.
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const exit = await runCli(
        ["report", "--period", "2026-11", "--unit", "*", "--by", "officer", ...args],
        { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
        { NODE_ENV: "test", DATABASE_URL: app.config.databaseUrl, SESSION_SECRET: "x".repeat(40) }
      );
      expect(exit, err.join("\n")).toBe(0);
      return out.join("\n");
    };
    const json = JSON.parse(await cli(["--format", "json"]));
    expect(json.by).toBe("officer");
    expect(json.groups.map((g: { key: string; total: number }) => [g.key, g.total])).toEqual([["CB-001", 30]]);
    expect(json.groups[0].decision766).toMatchObject({ count: 27, denominator: 30 });
    expect(json.hiddenBelowMinSample).toBe(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-officers-"));
    try {
      const file = path.join(dir, "bao-cao.xlsx");
      await cli(["--format", "xlsx", "--out", file]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      expect(book.worksheets.map((s) => s.name)).toEqual([
        "Theo cấp",
        "Theo đơn vị",
        "Theo lĩnh vực",
        "Theo tháng",
        "Theo cán bộ",
        // The harassment answer opened a case: the case section's sheet (ADR 049).
        "Xử lý phản ánh",
      ]);
      const texts: string[] = [];
      book.getWorksheet("Theo cán bộ")!.eachRow((row) => {
        for (const v of row.values as unknown[]) if (typeof v === "string") texts.push(v);
      });
      expect(texts).toContain("Nguyễn Thị Lan (Một cửa Xã Thử)");
      expect(texts.join("\n")).not.toContain("Trần Văn Minh");
      expect(texts).toContain(
        "1 cán bộ có ít hơn 30 phiếu trong kỳ không được liệt kê (chưa đủ cỡ mẫu tối thiểu); phiếu của họ vẫn được tính vào dòng tổng."
      );

      // The PDF and the DOCX to sign carry the same annex by officer, read back as a person would.
      if (TOOLS.pdftotext.available) {
        const pdf = path.join(dir, "bao-cao.pdf");
        await cli(["--format", "pdf", "--out", pdf]);
        const text = pdfText(fs.readFileSync(pdf));
        expect(text).toContain("KẾT QUẢ THEO CÁN BỘ TIẾP NHẬN");
        expect(text).toContain("Nguyễn Thị Lan");
        expect(text).not.toContain("Trần Văn Minh");
        expect(text).toMatch(/90,0\s?%/); // 27 of 30 satisfied
        expect(text.replace(/\s+/g, " ")).toContain("1 cán bộ có ít hơn 30 phiếu trong kỳ không được liệt kê");
      }
      if (TOOLS.libreoffice.available) {
        const docx = path.join(dir, "bao-cao.docx");
        await cli(["--format", "docx", "--out", docx]);
        const lines = docxLines(fs.readFileSync(docx)).map((l) => l.trim());
        expect(lines).toContain("KẾT QUẢ THEO CÁN BỘ TIẾP NHẬN");
        expect(lines.join("\n")).toContain("Nguyễn Thị Lan (Một cửa Xã Thử)");
        expect(lines.join("\n")).not.toContain("Trần Văn Minh");
        expect(lines.join(" ")).toContain("1 cán bộ có ít hơn 30 phiếu trong kỳ không được liệt kê");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // A rebuild from the raw responses gives the same rollup.
    const before = await sumOfficerRollups(app.db, { from: "2026-11-01", to: "2026-11-30" });
    const rebuilt = await rebuildRollups(app.db);
    expect(rebuilt.officerRows).toBeGreaterThan(0);
    expect(await sumOfficerRollups(app.db, { from: "2026-11-01", to: "2026-11-30" })).toEqual(before);
    expect(await findDeskByCode(app.db, "01-MC")).toBeDefined();
  });
});
