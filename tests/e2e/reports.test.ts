/**
 * Reports against the built server: the JSON API, the downloads and the
 * dashboard, for an administrator and for a district manager whose scope is
 * one district; and in Chromium, on both demo models, from a citizen's answer
 * at a kiosk to the dashboard and every download.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { localDateOf, startOfMonth } from "~/domain/time";
import { DEMO_MODELS, type DemoModel } from "~/setup/demo.server";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { type TestDatabase, databaseFactories } from "../helpers/databases";
import { useDemoServer } from "../helpers/demo";
import { deliveredResponses, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { type RunningServer, printedAdminPassword, startServer, useServer } from "../helpers/server";
import { TOOLS } from "../helpers/tools";
import { docxLines } from "../helpers/report-files";
import { formatPercent } from "~/utils/format";

const PASSWORD = "mat-khau-quan-ly-991";

async function cli(databaseUrl: string, argv: string[], stdin: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: "x".repeat(40) };
  const code = await runCli(
    argv,
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => stdin },
    env
  );
  expect(code, err.join("\n")).toBe(0);
  return out.join("\n");
}

/** Signs in through the login form; returns the session cookie. */
async function signIn(server: RunningServer, username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ username, password, redirectTo: "/reports" }),
  });
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0];
}

/** What the raw responses say for a range (the reports themselves never read them). */
async function rawCounts(databaseUrl: string, from: string, to: string, unitCodes?: string[]) {
  const handle = openDatabase(databaseUrl);
  try {
    let q = handle.db
      .selectFrom("responses")
      .innerJoin("units", "units.id", "responses.unit_id")
      .select((eb) => [
        eb.fn.countAll<number>().as("n"),
        eb.fn
          .sum<number>(eb.case().when("rating", "in", ["very_satisfied", "satisfied"]).then(1).else(0).end())
          .as("satisfied"),
        eb.fn.sum<number>(eb.case().when("rating", "=", "dissatisfied").then(1).else(0).end()).as("dissatisfied"),
      ])
      .where("suspect", "=", 0)
      .where("local_date", ">=", from)
      .where("local_date", "<=", to);
    if (unitCodes) q = q.where("units.code", "in", unitCodes);
    const row = await q.executeTakeFirstOrThrow();
    return { n: Number(row.n), satisfied: Number(row.satisfied), dissatisfied: Number(row.dissatisfied) };
  } finally {
    await handle.close();
  }
}

const DISTRICT_991 = ["991", "99101", "99102", "99103"];

describe.each(databaseFactories())("reports over HTTP on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: string;
  let manager: string;
  let other: string;
  const today = localDateOf(new Date());
  const from = startOfMonth(today);
  const range = `from=${from}&to=${today}`;

  beforeAll(async () => {
    database = await factory.create();
    server = await startServer({ DATABASE_URL: database.url });
    await cli(database.url, ["user:create", "--username", "quanly991", "--role", "manager", "--unit", "991"], PASSWORD);
    await cli(database.url, ["user:create", "--username", "xem992", "--role", "viewer", "--unit", "992"], PASSWORD);
    // A dissatisfied citizen of Phường Bắc Sơn (991) writes a comment.
    const device = JSON.parse(await cli(database.url, ["device:create", "--desk", "99101-MC"]));
    const res = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${device.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        responses: [
          {
            id: crypto.randomUUID(),
            submittedAt: new Date().toISOString(),
            questionnaireVersion: 1,
            rating: "dissatisfied",
            reasons: ["harassment"],
            comment: "Cán bộ <b>gợi ý</b> nộp thêm tiền (phiếu thử 7731)",
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    admin = await signIn(server, "admin", printedAdminPassword(server.output()));
    manager = await signIn(server, "quanly991", PASSWORD);
    other = await signIn(server, "xem992", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { redirect: "manual", headers: { ...(cookie ? { cookie } : {}), ...headers } });

  describe("GET /api/v1/reports/rates", () => {
    it("needs a signed-in session (401 in JSON, translated)", async () => {
      const res = await get(`/api/v1/reports/rates?${range}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Cần đăng nhập để xem báo cáo." });
      const en = await get(`/api/v1/reports/rates?${range}`, undefined, { "accept-language": "en-GB,en;q=0.8" });
      expect((await en.json()).error).toBe("Sign in to see reports.");
    });

    it("answers the report's JSON shape, with totals equal to the raw responses", async () => {
      const res = await get(`/api/v1/reports/rates?${range}&by=level`, admin);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const report = await res.json();
      expect(Object.keys(report)).toEqual([
        "from",
        "to",
        "scope",
        "by",
        "targets",
        "levels",
        "groups",
        "total",
        "questions",
        "cases",
        "channel",
        "channels",
        "dossiers",
      ]);
      // Every response of the demo is a tablet's: the breakdown by channel says so.
      expect(report.channel).toBeNull();
      expect(report.channels.map((c: { key: string; total: number }) => [c.key, c.total])).toEqual([
        ["kiosk", report.total.total],
        ["phone", 0],
      ]);
      expect(report).toMatchObject({
        from,
        to: today,
        scope: { code: "99", name: "Tỉnh An Hòa" },
        by: "level",
        targets: { satisfaction: 0.92, harassment: 0.01, onTime: 0.97, minSample: 30 },
      });
      expect(report.groups.map((g: { key: string }) => g.key)).toEqual(["province", "district", "commune"]);
      expect(Object.keys(report.total).sort()).toEqual(
        [
          "counts",
          "decision766",
          "dissatisfaction",
          "harassment",
          "harassmentRate",
          "key",
          "label",
          "onTime",
          "onTimeRate",
          "satisfaction",
          "suspect",
          "total",
        ].sort()
      );
      const raw = await rawCounts(database.url, from, today);
      expect(report.total.total).toBe(raw.n);
      expect(report.total.satisfaction.rate).toBe(raw.n ? raw.satisfied / raw.n : null);
      expect(report.total.decision766).toMatchObject({
        count: raw.n - report.total.counts.dissatisfied,
        denominator: raw.n,
      });
    });

    it("keeps a district manager inside the district: its communes by default, 403 outside", async () => {
      const res = await get(`/api/v1/reports/rates?${range}&by=unit`, manager);
      expect(res.status).toBe(200);
      const report = await res.json();
      expect(report.scope).toEqual({ code: "991", name: "Thành phố An Hòa" });
      expect(report.groups.map((g: { key: string }) => g.key)).toEqual(["991-MC", "99101", "99102", "99103"]);
      expect(report.total.total).toBe((await rawCounts(database.url, from, today, DISTRICT_991)).n);
      for (const unit of ["99", "992", "99201"]) {
        const outside = await get(`/api/v1/reports/rates?${range}&unit=${unit}`, manager);
        expect(outside.status, unit).toBe(403);
        const body = await outside.json();
        expect(body.error).toBe("Bạn không có quyền xem báo cáo của đơn vị này.");
        expect(body).not.toHaveProperty("groups");
      }
      expect((await get(`/api/v1/reports/rates?${range}&unit=99101`, manager)).status).toBe(200);
    });

    it("answers bad input with a translated 400 naming each field", async () => {
      const cases: [string, string, RegExp][] = [
        ["from=2026-12-01&to=2026-11-01", "from", /Ngày bắt đầu phải trước hoặc trùng ngày kết thúc/],
        ["from=2020-01-01&to=2026-01-01", "to", /không được dài quá 5 năm/],
        ["by=tinh", "by", /level, unit, field, month/],
        ["format=odt", "format", /json, csv, xlsx, pdf, docx/],
        ["unit=00000", "unit", /Không có đơn vị mã «00000»/],
        ["from=2026-02-30&to=2026-03-01", "from", /YYYY-MM-DD/],
        ["period=Q5", "period", /2026-Q4/],
        // The officers' sums have no channel: a «phone only» officer table would show every channel.
        ["by=officer&channel=phone", "channel", /không chia được theo cán bộ/],
        ["by=officer&channel=kiosk", "channel", /không chia được theo cán bộ/],
      ];
      for (const [query, field, message] of cases) {
        const res = await get(`/api/v1/reports/rates?${query}`, admin);
        expect(res.status, query).toBe(400);
        const body = await res.json();
        expect(body.error).toBe("Yêu cầu báo cáo không hợp lệ.");
        expect(body.errors.find((e: { field: string }) => e.field === field)?.message, query).toMatch(message);
      }
      const en = await get(`/api/v1/reports/rates?by=tinh`, admin, { "accept-language": "en" });
      expect((await en.json()).errors[0].message).toMatch(/^Field “by”: Must be one of/);
    });
  });

  describe("downloads", () => {
    it("sends the XLSX whole, named for the unit and period", async () => {
      const res = await get(`/reports/download?format=xlsx&${range}`, manager);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="bao-cao-hai-long_991_${from}_${today}.xlsx"; filename*=UTF-8''bao-cao-hai-long_991_${from}_${today}.xlsx`
      );
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      expect(book.getWorksheet("Theo đơn vị")!.getCell("A1").value).toBe("UBND TỈNH AN HÒA");
    });

    it("sends CSV, PDF and JSON", async () => {
      const csv = await get(`/reports/download?format=csv&by=field&${range}`, admin);
      expect(csv.status).toBe(200);
      expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
      const pdf = await get(`/reports/download?format=pdf&${range}`, admin);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString()
      ).toBe("%PDF-");
      const json = await get(`/reports/download?format=json&by=month&${range}`, admin);
      expect((await json.json()).by).toBe("month");
    });

    it("refuses bad input with a translated 400, a unit outside the scope with 403, strangers with sign-in", async () => {
      const bad = await get(`/reports/download?format=xlsx&from=2026-12-01&to=2026-11-01`, admin);
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await bad.text()).toContain("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.");
      const byOfficer = await get(`/reports/download?format=csv&by=officer&channel=phone&${range}`, admin);
      expect(byOfficer.status).toBe(400);
      expect(await byOfficer.text()).toContain("Báo cáo theo một kênh đánh giá không chia được theo cán bộ");
      const noFormat = await get(`/reports/download?${range}`, admin);
      expect(noFormat.status).toBe(400);
      expect((await get(`/reports/download?format=xlsx&unit=99`, manager)).status).toBe(403);
      const anonymous = await get(`/reports/download?format=xlsx`);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    });
  });

  describe("the dashboard", () => {
    it("shows a district manager the district, its communes and its citizens' comments", async () => {
      const res = await get(`/reports?${range}`, manager);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Báo cáo kết quả khảo sát mức độ hài lòng");
      expect(html).toContain("Phường Bắc Sơn");
      expect(html).not.toContain("Huyện Thanh Bình");
      // The comment, escaped.
      expect(html).toContain("Cán bộ &lt;b&gt;gợi ý&lt;/b&gt; nộp thêm tiền (phiếu thử 7731)");
      expect(html).not.toMatch(/style="/);
    });

    it("keeps comments inside the scope", async () => {
      const res = await get(`/reports?${range}`, other);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain("phiếu thử 7731");
    });

    it("answers 403 outside the scope and a translated 400 for a bad range, keeping the form", async () => {
      expect((await get(`/reports?unit=99`, manager)).status).toBe(403);
      const bad = await get(`/reports?from=2026-12-01&to=2026-11-01`, manager);
      expect(bad.status).toBe(400);
      const html = await bad.text();
      expect(html).toContain("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.");
      expect(html).toContain('value="2026-12-01"');
    });
  });
});

/** Where each demo's drill-down goes, and a unit it finds there. */
const DRILL: Record<DemoModel, { code: string; name: string; below: string }> = {
  "three-level": { code: "993", name: "Huyện Phú Lâm", below: "Xã Đông Phú" },
  "two-tier": { code: "99010", name: "Xã Thanh Bình", below: "Điểm tiếp nhận Bình Minh" },
};

function pdfText(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-pdf-"));
  try {
    fs.writeFileSync(path.join(dir, "r.pdf"), bytes);
    const result = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", path.join(dir, "r.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every cell of a workbook as text, one line per row. */
function workbookText(book: ExcelJS.Workbook): string {
  const lines: string[] = [];
  for (const sheet of book.worksheets) {
    lines.push(sheet.name);
    sheet.eachRow((row) => lines.push((row.values as unknown[]).map((v) => (v == null ? "" : String(v))).join("|")));
  }
  return lines.join("\n");
}

describe.skipIf(!hasBrowser).each(DEMO_MODELS)("the dashboard in Chromium (%s demo)", (model) => {
  const run = useDemoServer(model);
  const drill = DRILL[model];

  it("takes a citizen's answer at a commune's kiosk, shows it, drills down and back, and downloads every format", async () => {
    const context = await launchBrowser({ acceptDownloads: true });
    try {
      // The kiosk: a dissatisfied citizen at a commune's desk leaves a comment.
      const kiosk = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, run.desks.commune));
      const since = new Date().toISOString();
      const marker = `Phiếu thử ${model} ${crypto.randomUUID().slice(0, 8)}`;
      await kiosk.getByRole("radio", { name: "Không hài lòng" }).click();
      await kiosk.getByLabel("Thời gian chờ đợi lâu").check();
      await kiosk.getByRole("button", { name: "Tiếp tục" }).click();
      await kiosk.getByLabel("Góp ý của Ông/Bà").fill(marker);
      await kiosk.getByRole("button", { name: "Gửi đánh giá" }).click();
      await kiosk.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
      expect(await deliveredResponses(run.database.url, since, 1)).toHaveLength(1);
      await kiosk.close();

      const page = await context.newPage();
      await page.goto(`${run.server.url}/reports`);
      await page.waitForURL(/\/login\?redirectTo=%2Freports/);
      await page.getByLabel("Tên đăng nhập").fill("admin");
      await page.getByLabel("Mật khẩu").fill(run.adminPassword);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${run.server.url}/reports`);
      await page.getByRole("heading", { name: "Báo cáo kết quả khảo sát mức độ hài lòng" }).waitFor();
      // The header's «Kết quả» group holds the page's link, marked as the current page.
      await page.locator("summary", { hasText: "Kết quả" }).click();
      expect(await page.getByRole("link", { name: "Báo cáo", exact: true }).getAttribute("aria-current")).toBe("page");
      // The comment just given, in this month's report.
      await page.getByText(marker).waitFor();

      // The levels of the demo's model, and nothing else.
      const levels = await page.getByRole("table", { name: /Tỷ lệ theo cấp/ }).innerText();
      if (model === "two-tier") {
        expect(levels).toContain("Cả 02 cấp");
        expect(levels).not.toMatch(/huyện|03 cấp/i);
        expect(await page.locator("main").innerText()).not.toMatch(/huyện/i);
      } else {
        expect(levels).toContain("Cấp huyện");
        expect(levels).toContain("Cả 03 cấp");
      }

      // Decision 766's ratio beside ours, (N − «Không hài lòng») / N of this month's raw answers: a card
      // with its explanation, and a column of the level table (its total row).
      const month = await rawCounts(run.database.url, startOfMonth(localDateOf(new Date())), localDateOf(new Date()));
      const ratio = formatPercent((month.n - month.dissatisfied) / month.n, "vi");
      const card = page.locator(".rate-card-decision766");
      expect(await card.getByRole("heading").innerText()).toBe(
        "Tỷ lệ hài lòng theo cách tính của Quyết định 766/QĐ-TTg"
      );
      expect(await card.locator(".rate-value").innerText()).toBe(ratio);
      expect(await card.innerText()).toContain("mọi phiếu không chọn «Không hài lòng» đều được tính là hài lòng");
      const levelTable = page.getByRole("table", { name: /Tỷ lệ theo cấp/ });
      const headers = await levelTable.locator("thead th").allInnerTexts();
      const column = headers.indexOf("Tỷ lệ hài lòng (QĐ 766)");
      expect(column).toBeGreaterThan(0);
      const totalRow = await levelTable.locator("tfoot tr").first().locator("th, td").allInnerTexts();
      expect(totalRow[column]).toBe(ratio);

      // A quarter from the shortcuts.
      const today = localDateOf(new Date());
      const quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
      await page.getByLabel("Chọn kỳ").selectOption(`${today.slice(0, 4)}-Q${quarter}`);
      await page.getByRole("button", { name: "Xem báo cáo" }).first().click();
      await page.waitForURL(/period=\d{4}-Q\d/);
      await page
        .getByText(/Quý (I|II|III|IV) năm \d{4}/)
        .first()
        .waitFor();

      // Drill down to a unit, then back to the province by the breadcrumb.
      await page
        .getByRole("table", { name: /Tỷ lệ theo đơn vị/ })
        .getByRole("link", { name: drill.name })
        .click();
      await page.waitForURL(new RegExp(`unit=${drill.code}`));
      await page.getByRole("navigation", { name: "Đơn vị đang xem" }).getByText(drill.name).waitFor();
      expect(await page.getByRole("table", { name: /Tỷ lệ theo đơn vị/ }).innerText()).toContain(drill.below);
      await page
        .getByRole("navigation", { name: "Đơn vị đang xem" })
        .getByRole("link", { name: "Tỉnh An Hòa" })
        .click();
      await page.waitForURL(/unit=99(&|$)/);

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Tải Excel (XLSX)" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^bao-cao-hai-long_99_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.xlsx$/);
      const file = await download.path();
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(["Theo cấp", "Theo đơn vị", "Theo lĩnh vực", "Theo tháng"]);
      const [, qFrom, qTo] = /_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.xlsx$/.exec(download.suggestedFilename())!;
      const sheet = book.getWorksheet("Theo cấp")!;
      let total: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(2).value === "Tổng cộng (Tỉnh An Hòa)") total = row;
      });
      const raw = await rawCounts(run.database.url, qFrom, qTo);
      expect(total!.getCell(3).value).toBe(raw.n);
      expect(total!.getCell(12).value).toBeCloseTo(raw.satisfied / raw.n, 12);
      expect(total!.getCell(12).numFmt).toBe("0.0%");

      // The other formats, with the page's session.
      const range = `period=${today.slice(0, 4)}-Q${quarter}`;
      const fetchText = async (query: string) => {
        const res = await page.request.get(`${run.server.url}/reports/download?${query}&${range}`);
        expect(res.status(), query).toBe(200);
        return res.body();
      };
      const texts: Record<string, string> = { xlsx: workbookText(book) };
      for (const by of ["level", "unit"]) {
        texts[`csv ${by}`] = (await fetchText(`format=csv&by=${by}`)).toString("utf8");
        texts[`json ${by}`] = (await fetchText(`format=json&by=${by}`)).toString("utf8");
      }
      if (TOOLS.pdftotext.available) texts.pdf = pdfText(await fetchText("format=pdf"));
      // The signable DOCX, as LibreOffice Writer reads it.
      if (TOOLS.libreoffice.available) {
        texts.docx = docxLines(await fetchText("format=docx")).join("\n");
        expect(texts.docx).toContain("BÁO CÁO KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG");
        expect(texts.docx).toContain("Tổng cộng (Tỉnh An Hòa)");
      }
      const levelsJson = JSON.parse(texts["json level"]);
      if (model === "two-tier") {
        expect(levelsJson.groups.map((g: { key: string }) => g.key)).toEqual(["province", "commune"]);
        for (const [name, text] of Object.entries(texts)) {
          expect(text, name).not.toMatch(/huyện|district|03 cấp/i);
        }
        expect(texts.xlsx).toContain("Cộng cấp xã");
      } else {
        expect(levelsJson.groups.map((g: { key: string }) => g.key)).toEqual(["province", "district", "commune"]);
        for (const name of ["xlsx", "csv level", "json level", ...["pdf", "docx"].filter((f) => texts[f])]) {
          expect(texts[name], name).toContain("Cấp huyện");
        }
      }
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!hasBrowser)("the signable document, with JavaScript off", () => {
  const run = useServer();

  it("takes the number, date and signer from the download form and sends the DOCX; a bad number is a translated 400", async () => {
    const context = await launchBrowser({ acceptDownloads: true, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${run.server.url}/login?redirectTo=%2Freports`);
      await page.getByLabel("Tên đăng nhập").fill("admin");
      await page.getByLabel("Mật khẩu").fill(printedAdminPassword(run.server.output()));
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${run.server.url}/reports`);
      await page.getByText("Văn bản báo cáo để ký (Word, PDF): số, ngày, nơi nhận, người ký").click();
      await page.getByLabel("Số văn bản").fill("12/BC-SNV");
      await page.getByLabel("Ngày ban hành").fill("2026-12-04");
      await page.getByLabel("Thẩm quyền ký").selectOption("KT");
      await page.getByLabel("Chức vụ người ký").fill("Phó Giám đốc");
      await page.getByLabel("Họ và tên người ký").fill("Nguyễn Văn An");
      await page.getByLabel("Nơi nhận (mỗi dòng một nơi)").fill("Như trên;\nLưu: VT.");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Tạo văn bản Word" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^bao-cao-hai-long_99_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.docx$/);
      const url = new URL(download.url());
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        format: "docx",
        number: "12/BC-SNV",
        issued: "2026-12-04",
        authority: "KT",
        signer_name: "Nguyễn Văn An",
      });
      const file = await download.path();
      expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe("PK");

      const res = await page.goto(`${run.server.url}/reports/download?format=docx&number=12%3Cb%3E`);
      expect(res!.status()).toBe(400);
      expect(await page.textContent("body")).toContain("Số văn bản chỉ gồm chữ, số và các dấu");
    } finally {
      await context.close();
    }
  });
});
