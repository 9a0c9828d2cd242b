/**
 * Issue 17's chain end to end, on both dialects: the one-stop system (a
 * system token from the CLI) posts dossier events over HTTP — in order,
 * reversed (returned before received) and replayed — naming two officers of a
 * desk; it fetches the evaluation links of returned dossiers; citizens rate on
 * a phone-sized Chromium page with JavaScript on (harassment, phone step
 * skipped) and off, and once by a plain form post; a second attempt is
 * refused; the report's dossier section (JSON and dashboard) and its
 * per-officer table (one officer under the minimum sample, hidden) equal
 * numbers computed by hand.
 */
import crypto from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { upsertTargets } from "~db/repositories/settings";
import { runCli } from "~/cli/main.server";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { localDateOf } from "~/domain/time";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { type TestDatabase, databaseFactories } from "../helpers/databases";
import { type EventResult, ended, postEvents, received } from "../helpers/dossier-api";
import { signIn } from "../helpers/officials";
import { type RunningServer, TEST_SESSION_SECRET, printedAdminPassword, startServer } from "../helpers/server";

const DESK = "99101-MC";
const PHONE = { width: 360, height: 740 };
const HARASSMENT = "Cán bộ nhũng nhiễu, gây phiền hà, gợi ý hoặc đòi tiền, quà";
const CONTACT_QUESTION = "Ông/Bà có muốn được liên hệ về phản ánh này không?";
const THANKS = "Cảm ơn Ông/Bà đã đánh giá!";
const EVALUATED = "Ông/Bà đã đánh giá hồ sơ này";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// The dossiers, all at the demo's desk 99101-MC (Phường Bắc Sơn).
const HS1 = "000.00.20.H56-261201-1701"; // officer CB-A, returned on time; rated (JS on) «Không hài lòng», harassment
const HS2 = "000.00.20.H56-261201-1702"; // officer CB-B, returned late; rated (JS off) «Hài lòng»
const HS3 = "000.00.20.H56-261201-1703"; // officer CB-A, returned on time, events reversed; rated by a form post «Rất hài lòng»
const HS4 = "000.00.20.H56-261201-1704"; // officer CB-B, withdrawn
const HS5 = "000.00.20.H56-261201-1705"; // received, still open
const HS6 = "000.00.20.H56-261201-1706"; // officer CB-B, returned on time, never rated

async function cli(args: string[], databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: "silent" }
  );
  if (code !== 0) throw new Error(`${args.join(" ")} → ${code}: ${err.join("\n")}`);
  return JSON.parse(out.join("\n"));
}

const statuses = (results: EventResult[]) => results.map((r) => [r.dossierCode, r.status]);

describe.skipIf(!hasBrowser).each(databaseFactories())("issue 17's dossier chain on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let token: string;
  let admin: string;
  const now = Date.now();
  const at = (offset: number) => new Date(now + offset).toISOString();
  const links = new Map<string, string>();

  beforeAll(async () => {
    database = await factory.create();
    server = await startServer({ DATABASE_URL: database.url });
    token = (await cli(["system:create", "--name", "Hệ thống một cửa tỉnh"], database.url)).token;
    await cli(["officer:create", "--desk", DESK, "--code", "CB-A", "--name", "Nguyễn Văn An"], database.url);
    await cli(["officer:create", "--desk", DESK, "--code", "CB-B", "--name", "Trần Thị Bình"], database.url);
    // A minimum sample of 2 (as the settings page stores it), so that one officer shows and one is hidden.
    const handle = openDatabase(database.url);
    try {
      await upsertTargets(handle.db, {
        ...DEFAULT_TARGETS,
        year: Number(localDateOf(new Date(now)).slice(0, 4)),
        minSample: 2,
        resolution: null,
      });
    } finally {
      await handle.close();
    }
    admin = await signIn(server.url, "admin", printedAdminPassword(server.output()));
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const evaluationLink = (code: string) =>
    fetch(`${server.url}/api/v1/dossiers/${encodeURIComponent(code)}/evaluation-link`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it("records the events in order, reversed and replayed, with a status for each", async () => {
    const inOrder = [
      received(HS1, DESK, at(-3 * DAY), at(2 * DAY), { officerCode: "CB-A" }),
      ended("returned", HS1, at(-2 * HOUR)),
      received(HS2, DESK, at(-3 * DAY), at(-1 * DAY), { officerCode: "CB-B" }),
      ended("returned", HS2, at(-3 * HOUR)),
      received(HS4, DESK, at(-2 * DAY), at(3 * DAY), { officerCode: "CB-B" }),
      ended("withdrawn", HS4, at(-1 * DAY)),
      received(HS5, DESK, at(-1 * DAY), at(5 * DAY)),
      received(HS6, DESK, at(-1 * DAY), at(3 * DAY), { officerCode: "CB-B" }),
      ended("returned", HS6, at(-30 * 60 * 1000)),
    ];
    const first = await postEvents(server.url, token, inOrder);
    expect(first.status).toBe(200);
    expect(statuses(first.results)).toEqual([
      [HS1, "created"],
      [HS1, "updated"],
      [HS2, "created"],
      [HS2, "updated"],
      [HS4, "created"],
      [HS4, "updated"],
      [HS5, "created"],
      [HS6, "created"],
      [HS6, "updated"],
    ]);

    // Reversed: the return arrives first and waits; no link before the reception is known.
    const returned3 = ended("returned", HS3, at(-1 * HOUR));
    const received3 = received(HS3, DESK, at(-2 * DAY), at(1 * DAY), { officerCode: "CB-A" });
    expect(statuses((await postEvents(server.url, token, [returned3])).results)).toEqual([[HS3, "created"]]);
    expect((await evaluationLink(HS3)).status).toBe(404);
    expect(statuses((await postEvents(server.url, token, [received3])).results)).toEqual([[HS3, "updated"]]);

    // Replayed: nothing changes.
    const replay = await postEvents(server.url, token, [inOrder[0], inOrder[1], received3, returned3]);
    expect(statuses(replay.results)).toEqual([
      [HS1, "duplicate"],
      [HS1, "duplicate"],
      [HS3, "duplicate"],
      [HS3, "duplicate"],
    ]);

    for (const code of [HS1, HS2, HS3]) {
      const res = await evaluationLink(code);
      expect(res.status, code).toBe(200);
      const link = (await res.json()) as { url: string; expiresAt: string; qrSvg: string };
      expect(link.url, code).toMatch(new RegExp(`^${server.url}/danh-gia/[A-Za-z0-9_-]{16,}$`));
      expect(link.qrSvg, code).toContain("<svg");
      links.set(code, link.url);
    }
    // HS1's link stays open 30 days after its return.
    const hs1 = (await (await evaluationLink(HS1)).json()) as { expiresAt: string };
    expect(hs1.expiresAt).toBe(new Date(Date.parse(at(-2 * HOUR)) + 30 * DAY).toISOString());
    // The withdrawn dossier has no link to print (410, translated), and its page answers 410 too.
    const withdrawn = await evaluationLink(HS4);
    expect(withdrawn.status).toBe(410);
    expect(await withdrawn.json()).toEqual({
      error: "Hồ sơ này đã được rút hoặc đã bị hủy nên không còn liên kết đánh giá.",
    });
    const handle = openDatabase(database.url);
    try {
      const { evaluation_token } = await handle.db
        .selectFrom("dossiers")
        .select("evaluation_token")
        .where("code", "=", HS4)
        .executeTakeFirstOrThrow();
      expect((await fetch(`${server.url}/danh-gia/${evaluation_token}`)).status).toBe(410);
    } finally {
      await handle.close();
    }
  });

  async function phone(javaScriptEnabled: boolean, url: string, rate: (page: Page) => Promise<void>) {
    const context = await launchBrowser({ javaScriptEnabled, viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole("heading", { name: /hài lòng với việc giải quyết thủ tục hành chính/ }).waitFor();
      await rate(page);
      await page.getByRole("heading", { name: THANKS }).waitFor();
      // A second attempt at the same link is refused: 409, the page says it was rated.
      const again = await page.goto(url);
      expect(again!.status()).toBe(409);
      await page.getByRole("heading", { name: EVALUATED }).waitFor();
      expect(await page.getByRole("radio").count()).toBe(0);
    } finally {
      await context.close();
    }
  }

  /** The last step as a page without JavaScript posts it. */
  const post = (url: string, rating: string) =>
    fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: new URLSearchParams({
        step: "details",
        language: "vi",
        id: crypto.randomUUID(),
        startedAt: new Date().toISOString(),
        rating,
        intent: "send",
      }),
    });

  it("lets citizens rate on a phone with JavaScript on and off, once per dossier", async () => {
    await phone(true, links.get(HS1)!, async (page) => {
      await page.getByRole("radio", { name: "Không hài lòng" }).click();
      await page.getByRole("checkbox", { name: HARASSMENT }).check();
      await page.getByRole("button", { name: "Tiếp tục" }).click();
      await page.getByRole("heading", { name: CONTACT_QUESTION }).waitFor();
      await page.getByRole("button", { name: "Bỏ qua" }).click();
      await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    });
    await phone(false, links.get(HS2)!, async (page) => {
      await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
      await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    });
    expect((await post(links.get(HS3)!, "very_satisfied")).status).toBe(302);
    // Stale forms of rated dossiers count nothing.
    for (const code of [HS1, HS2, HS3]) expect((await post(links.get(code)!, "satisfied")).status, code).toBe(409);
  });

  it("reports the dossier section and the officers as computed by hand", async () => {
    const range = `from=${localDateOf(new Date(now - 10 * DAY))}&to=${localDateOf(new Date())}`;
    const get = async (query: string) => {
      const res = await fetch(`${server.url}/api/v1/reports/rates?${range}${query}`, { headers: { cookie: admin } });
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, any>;
    };
    // Received in the period: HS1–HS6 = 6. Returned: HS1 HS2 HS3 HS6 = 4 (HS4 withdrawn, HS5 open).
    // On time: HS1 HS3 HS6 = 3; late: HS2 = 1. Evaluated: HS1 HS2 HS3 = 3 (HS6 not rated).
    // «Không hài lòng»: HS1 = 1; with a complaint (the harassment case): HS1 = 1.
    // Flagged once each: HS1 (dissatisfied, complaint), HS2 (late) = 2; Decision 766: (4 − 2) / 4.
    await expect
      .poll(async () => (await get("")).dossiers, { timeout: 15_000 })
      .toMatchObject({
        received: 6,
        returned: 4,
        onTime: { count: 3, denominator: 4, rate: 0.75 },
        late: { count: 1, denominator: 4, rate: 0.25 },
        evaluated: { count: 3, denominator: 4, rate: 0.75 },
        dissatisfied: { count: 1, denominator: 4, rate: 0.25 },
        withComplaint: { count: 1, denominator: 4, rate: 0.25 },
        flagged: 2,
        decision766: { count: 2, denominator: 4, rate: 0.5 },
      });

    // The dashboard shows the same section: each term with its count and share of the 4 returned.
    const dashboard = await fetch(`${server.url}/reports?${range}`, { headers: { cookie: admin } });
    expect(dashboard.status).toBe(200);
    const page = (await dashboard.text())
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ");
    expect(page).toContain("Theo hồ sơ (số liệu của Hệ thống một cửa)");
    expect(page).toMatch(/Hồ sơ tiếp nhận trong kỳ 6 /);
    expect(page).toMatch(/Hồ sơ đã trả kết quả trong kỳ 4 /);
    expect(page).toMatch(/Trả trễ hạn 1 25,0\s?%/);
    expect(page).toMatch(/Được người dân đánh giá 3 75,0\s?%/);
    expect(page).toMatch(/Đạt theo Quyết định 766 \(không thuộc ba trường hợp trên\) 2 50,0\s?%/);

    // By officer, from the officer each dossier names: CB-A has HS1 («Không hài lòng», harassment) and
    // HS3 («Rất hài lòng») = 2, shown; CB-B has HS2 («Hài lòng») = 1 < 2, hidden and counted in the total.
    const byOfficer = await get("&by=officer");
    expect(byOfficer.hiddenBelowMinSample).toBe(1);
    expect(byOfficer.groups).toHaveLength(1);
    expect(byOfficer.groups[0]).toMatchObject({
      key: "CB-A",
      total: 2,
      counts: { very_satisfied: 1, satisfied: 0, neutral: 0, dissatisfied: 1 },
      harassment: 1,
    });
    expect(byOfficer.groups[0].label).toContain("Nguyễn Văn An");
    expect(byOfficer.total).toMatchObject({
      total: 3,
      counts: { very_satisfied: 1, satisfied: 1, neutral: 0, dissatisfied: 1 },
      harassment: 1,
    });
  });
});
