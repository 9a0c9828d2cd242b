/**
 * Criteria that count, end to end: an administrator starts a questionnaire
 * version from the SIPAS template in the no-JavaScript form and activates it;
 * a tablet's answer to its extra questions appears in the dashboard, the CSV
 * download and the JSON API, counted from the answer rollups. Its 1–5 score
 * is tapped at a kiosk in Chromium (JavaScript on and off) and reported per
 * score with the mean; a 1–5 question is added to a draft in the editor's form.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { deliveredResponses, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { runCli } from "~/cli/main.server";
import { localDateOf, startOfMonth } from "~/domain/time";
import { type TestDatabase, sqliteDatabase } from "../helpers/databases";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

/** The text of a piece of HTML, as a reader sees it. */
function text(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The text of the table whose caption starts with `caption`. */
function tableText(html: string, caption: string): string {
  const table = [...html.matchAll(/<table[^>]*>.*?<\/table>/gs)]
    .map((m) => text(m[0]))
    .find((t) => t.startsWith(caption));
  expect(table, caption).toBeDefined();
  return table!;
}

async function cli(databaseUrl: string, argv: string[]) {
  const out: string[] = [];
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: "x".repeat(40) };
  const code = await runCli(argv, { out: (s) => out.push(s), err: () => {}, readStdin: async () => null }, env);
  expect(code).toBe(0);
  return out.join("\n");
}

describe("extra questions from the kiosk to the reports", () => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: string;
  const today = localDateOf(new Date());
  const range = `from=${startOfMonth(today)}&to=${today}`;

  const post = (path: string, form: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: admin },
      body: new URLSearchParams(form),
    });
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie: admin } });

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url });
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: new URLSearchParams({ username: "admin", password: printedAdminPassword(server.output()) }),
    });
    admin = res.headers.get("set-cookie")!.split(";")[0];
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("counts a tablet's answers to a SIPAS version in the dashboard, the CSV and the JSON", async () => {
    const created = await post("/admin/questionnaires", { intent: "create", from: "1", template: "sipas" });
    expect(created.status).toBe(302);
    const path = created.headers.get("location")!.split("?")[0];
    expect(path).toBe("/admin/questionnaires/2");
    expect((await post(path, { intent: "activate" })).status).toBe(302);

    const device = JSON.parse(await cli(database.url, ["device:create", "--desk", "99101-MC"]));
    // Citizens minutes apart, so the spam rule holds none of them back.
    let minutes = 0;
    const answer = (answers: Record<string, unknown>) => ({
      id: crypto.randomUUID(),
      submittedAt: new Date(Date.now() - (minutes += 5) * 60_000).toISOString(),
      questionnaireVersion: 2,
      rating: "satisfied",
      answers,
    });
    const sent = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${device.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        responses: [
          answer({ access: "very_satisfied", feedback: "none" }),
          answer({ access: "dissatisfied" }),
          answer({ access: "very_satisfied", result: "satisfied" }),
        ],
      }),
    });
    expect((await sent.json()).results.map((r: { status: string }) => r.status)).toEqual([
      "created",
      "created",
      "created",
    ]);

    const page = await (await get(`/reports?${range}`)).text();
    expect(page).toContain("Các câu hỏi thêm");
    expect(page).toContain("Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?");
    expect(page).toContain("Chưa góp ý, phản ánh");

    const csv = await (await get(`/reports/download?${range}&format=csv`)).text();
    const access = csv.split("\r\n").filter((l) => l.startsWith('2,"access",'));
    // The total rows first (empty group code): answered 3, two very satisfied (66.7%), one dissatisfied.
    // (The last column, the mean score, is for 1–5 ratings only.)
    expect(access.find((l) => l.includes('"","Tổng cộng","very_satisfied",'))).toMatch(/,2,3,66\.7,[\d.]+,[\d.]+,$/);
    expect(access.find((l) => l.includes('"","Tổng cộng","dissatisfied",'))).toMatch(/,1,3,33\.3,[\d.]+,[\d.]+,$/);

    const json = await (await get(`/api/v1/reports/rates?${range}&by=unit`)).json();
    const feedback = json.questions.find((q: { code: string }) => q.code === "feedback");
    expect(feedback).toMatchObject({ version: 2, answered: 1 });
    expect(feedback.options.find((o: { code: string }) => o.code === "none")).toMatchObject({
      count: 1,
      share: { count: 1, denominator: 1, rate: 1 },
    });
  });

  it("breaks the questions down by the grouping chosen on the dashboard, with counts and intervals", async () => {
    const device = JSON.parse(await cli(database.url, ["device:create", "--desk", "99101-MC"]));
    // One more citizen, on land: the three above chose no field.
    const sent = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${device.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        responses: [
          {
            id: crypto.randomUUID(),
            submittedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
            questionnaireVersion: 2,
            rating: "satisfied",
            fieldCode: "dat_dai",
            answers: { access: "satisfied" },
          },
        ],
      }),
    });
    expect((await sent.json()).results.map((r: { status: string }) => r.status)).toEqual(["created"]);

    const question = "«Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?»";
    const byField = await (await get(`/reports?${range}&by=field`)).text();
    const table = tableText(byField, `Số phiếu và tỷ lệ chọn từng phương án theo lĩnh vực: ${question}`);
    expect(table).toContain("Mỗi ô ghi tỷ lệ chọn phương án, trong ngoặc là số phiếu chọn");
    // The group column is the field's; each option's share, its count, its interval.
    expect(table).toMatch(/^.*?» .*? Lĩnh vực Số phiếu trả lời Rất hài lòng Hài lòng/);
    expect(table).toMatch(/Đất đai 1 0,0% \(0\) \d+,\d% – \d+,\d% 100,0% \(1\) \d+,\d% – 100,0%/);
    expect(table).toMatch(/Không chọn lĩnh vực 3 66,7% \(2\) \d+,\d% – \d+,\d% 0,0% \(0\)/);
    expect(byField).not.toMatch(/<caption>Số phiếu và tỷ lệ chọn từng phương án theo đơn vị/);
    // The grouping is chosen by links, the current one marked.
    expect(byField).toMatch(/<strong aria-current="true">Lĩnh vực<\/strong>/);
    expect(byField).toMatch(/<a [^>]*href="\/reports\?[^"]*by=month#questions-title">Tháng<\/a>/);

    // By month, this month alone: no table by group (the table above says it all).
    const byMonth = await (await get(`/reports?${range}&by=month`)).text();
    expect(byMonth).toMatch(/<strong aria-current="true">Tháng<\/strong>/);
    expect(byMonth).not.toMatch(/<caption>Số phiếu và tỷ lệ chọn từng phương án theo/);
    // By unit unless asked (here one district answered: no table by group).
    expect(await (await get(`/reports?${range}`)).text()).toMatch(/<strong aria-current="true">Đơn vị<\/strong>/);
  });

  it.skipIf(!hasBrowser)(
    "takes a 1–5 score at the kiosk in Chromium, JavaScript on and off, reported per score with the mean",
    async () => {
      const since = new Date().toISOString();
      for (const [javaScriptEnabled, score] of [
        [true, "4"],
        [false, "5"],
      ] as const) {
        const context = await launchBrowser({ javaScriptEnabled });
        try {
          const page = await pairKiosk(context, server.url, await newPairingCode(database.url, "99101-MC"));
          await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
          const scores = page.getByRole("group", { name: "Ông/Bà chấm điểm chung cho lần giải quyết hồ sơ này?" });
          // Five large targets, the ends worded.
          await scores.getByRole("radio", { name: "1 – Rất kém" }).waitFor();
          await scores.getByRole("radio", { name: "5 – Rất tốt" }).waitFor();
          const box = await scores.locator("label.choice").first().boundingBox();
          expect(box!.height).toBeGreaterThanOrEqual(64);
          expect(box!.width).toBeGreaterThanOrEqual(72);
          await scores.getByRole("radio", { name: new RegExp(`^${score}( –|$)`) }).check();
          await page.getByRole("button", { name: "Gửi đánh giá" }).click();
          await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
        } finally {
          await context.close();
        }
      }
      const stored = await deliveredResponses(database.url, since, 2);
      expect(stored).toHaveLength(2);

      const json = await (await get(`/api/v1/reports/rates?${range}&by=unit`)).json();
      const overall = json.questions.find((q: { code: string }) => q.code === "overall_score");
      expect(overall).toMatchObject({ version: 2, kind: "rating5", answered: 2, mean: 4.5 });
      expect(overall.options.map((o: { code: string; count: number }) => [o.code, o.count])).toEqual([
        ["1", 0],
        ["2", 0],
        ["3", 0],
        ["4", 1],
        ["5", 1],
      ]);
      expect(overall.options[4]).toMatchObject({
        label: "5 – Rất tốt",
        share: { count: 1, denominator: 2, rate: 0.5 },
      });
      const page = await (await get(`/reports?${range}`)).text();
      expect(page).toContain("Điểm trung bình: 4,5/5");
    }
  );

  it("adds a 1–5 question to a draft from the editor's form, refusing a bad code", async () => {
    const created = await post("/admin/questionnaires", { intent: "create", from: "1" });
    const path = created.headers.get("location")!.split("?")[0];
    const fields = {
      intent: "add_rating5",
      label_vi: "Ông/Bà chấm điểm cho cán bộ tiếp nhận?",
      label_en: "Your score for the official?",
      low_vi: "Rất kém",
      low_en: "Very poor",
      high_vi: "Rất tốt",
      high_en: "Very good",
    };
    const bad = await post(path, { ...fields, code: "Điểm" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Mã câu hỏi gồm chữ thường không dấu");
    const added = await post(path, { ...fields, code: "official_score" });
    expect(added.status).toBe(302);
    const page = await (await get(path)).text();
    expect(page).toContain("official_score");
    expect(page).toContain("Chấm điểm từ 1 đến 5");
    const twice = await post(path, { ...fields, code: "official_score" });
    expect(twice.status).toBe(400);
  });
});
