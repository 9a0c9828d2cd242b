/**
 * Criteria that count, end to end: an administrator starts a questionnaire
 * version from the SIPAS template in the no-JavaScript form and activates it;
 * a tablet's answer to its extra questions appears in the dashboard, the CSV
 * download and the JSON API, counted from the answer rollups.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "~/cli/main.server";
import { localDateOf, startOfMonth } from "~/domain/time";
import { type TestDatabase, sqliteDatabase } from "../helpers/databases";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

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
    expect(access.find((l) => l.includes('"","Tổng cộng","very_satisfied",'))).toMatch(/,2,3,66\.7,[\d.]+,[\d.]+$/);
    expect(access.find((l) => l.includes('"","Tổng cộng","dissatisfied",'))).toMatch(/,1,3,33\.3,[\d.]+,[\d.]+$/);

    const json = await (await get(`/api/v1/reports/rates?${range}&by=unit`)).json();
    const feedback = json.questions.find((q: { code: string }) => q.code === "feedback");
    expect(feedback).toMatchObject({ version: 2, answered: 1 });
    expect(feedback.options.find((o: { code: string }) => o.code === "none")).toMatchObject({
      count: 1,
      share: { count: 1, denominator: 1, rate: 1 },
    });
  });
});
