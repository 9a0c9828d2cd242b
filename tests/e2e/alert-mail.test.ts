/**
 * Alert emails as the people concerned see them, from the running server
 * (issue 16), on each database: an email the SMTP server refuses is listed on
 * /admin/mail while it waits to be retried, then as failed once its day of
 * retries is over; without SMTP_URL every alert is kept in the app only
 * (`in_app`), nothing is sent or retried, and the pages say so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { type DatabaseHandle, openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { startSmtp } from "../helpers/alert-receivers";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { openTestCase } from "../helpers/cases";
import { databaseFactories, type TestDatabase } from "../helpers/databases";
import { type RunningServer, TEST_SESSION_SECRET, startServer } from "../helpers/server";

const PASSWORD = "mat-khau-kiem-thu-01";

/** A manager of district 991, with an email address or none, through the CLI. */
async function createManager(databaseUrl: string, username: string, email: string | null) {
  const err: string[] = [];
  const code = await runCli(
    ["user:create", "--username", username, "--role", "manager", "--unit", "991", ...(email ? ["--email", email] : [])],
    { out: () => {}, err: (s) => err.push(s), readStdin: async () => PASSWORD },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: "silent" }
  );
  expect(code, err.join("\n")).toBe(0);
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A case opened at district 991's desk now, its opened event for the server's scheduler to dispatch. */
async function openCaseAt991(handle: DatabaseHandle): Promise<number> {
  const desk = await handle.db
    .selectFrom("desks")
    .select(["id", "unit_id"])
    .where("code", "=", "991-MC")
    .executeTakeFirstOrThrow();
  const { caseId } = await openTestCase(handle.db, {
    unitId: desk.unit_id,
    deskId: desk.id,
    at: new Date().toISOString(),
    dueOn: "2099-12-31",
  });
  return caseId;
}

/** The rows of the page's table, each as its cells' text. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator("table tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((td) => (td as HTMLElement).innerText.trim()))
    );
}

describe.skipIf(!hasBrowser).each(databaseFactories())("alert emails on $dialect", (factory) => {
  describe("with SMTP_URL, a mail server that refuses", () => {
    let database: TestDatabase;
    let server: RunningServer;
    let handle: DatabaseHandle;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;

    beforeAll(async () => {
      database = await factory.create();
      smtp = await startSmtp();
      smtp.state.refuseNext = 1_000;
      server = await startServer({
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        MAIL_FROM: "HaiLong <canhbao@anhoa.gov.vn>",
        JOBS_INTERVAL_SECONDS: "1",
      });
      await createManager(database.url, "quanly.huyen", "quanly@anhoa.gov.vn");
      handle = openDatabase(database.url);
    });
    afterAll(async () => {
      await handle?.close();
      await server?.stop();
      await smtp?.close();
      await database?.drop();
    });

    it("lists the refused email on /admin/mail while it waits to be retried, then as failed", async () => {
      const caseId = await openCaseAt991(handle);
      const message = await until("the first, refused attempt", async () =>
        handle.db
          .selectFrom("alert_messages")
          .selectAll()
          .where("case_id", "=", caseId)
          .where("attempts", ">", 0)
          .executeTakeFirst()
      );
      expect(message).toMatchObject({ status: "pending", to_address: "quanly@anhoa.gov.vn", attempts: 1 });
      expect(smtp.received).toEqual([]);

      const context = await launchBrowser({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await signInAsAdmin(page, server);
        await page.goto(`${server.url}/admin/mail`);
        await page.getByText("Thư cảnh báo được gửi qua máy chủ thư đã cấu hình (SMTP_URL).").waitFor();
        await page.getByRole("table", { name: "Thư đang chờ gửi lại hoặc không gửi được" }).waitFor();
        const [row] = await tableRows(page);
        // Recipient, subject, status, attempts, last error, next attempt.
        expect(row.slice(0, 4)).toEqual([
          "quanly.huyen <quanly@anhoa.gov.vn>",
          message.subject,
          "Đang chờ gửi lại",
          "1",
        ]);
        expect(row[4]).toMatch(/451/);
        expect(row[5]).toMatch(/^\d{2}:\d{2}.*\d{2}\/\d{2}\/\d{4}|^\d{2}\/\d{2}\/\d{4}.*\d{2}:\d{2}/);

        // Its day of retries over (created two days ago), the next refusal is the last: failed.
        await handle.db
          .updateTable("alert_messages")
          .set({
            created_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
            next_attempt_at: new Date(Date.now() - 1_000).toISOString(),
          })
          .where("id", "=", message.id)
          .execute();
        await until("the last attempt", async () =>
          handle.db
            .selectFrom("alert_messages")
            .select("id")
            .where("id", "=", message.id)
            .where("status", "=", "failed")
            .executeTakeFirst()
        );
        await page.goto(`${server.url}/admin/mail`);
        const [failed] = await tableRows(page);
        expect([failed[0], failed[2], failed[3], failed[5]]).toEqual([
          "quanly.huyen <quanly@anhoa.gov.vn>",
          "Không gửi được",
          "2",
          "—",
        ]);
        expect(smtp.received).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });

  describe("without SMTP_URL", () => {
    let database: TestDatabase;
    let server: RunningServer;
    let handle: DatabaseHandle;

    beforeAll(async () => {
      database = await factory.create();
      server = await startServer({ DATABASE_URL: database.url, JOBS_INTERVAL_SECONDS: "1" });
      await createManager(database.url, "quanly.co.thu", "quanly@anhoa.gov.vn");
      await createManager(database.url, "quanly.khong.thu", null);
      handle = openDatabase(database.url);
    });
    afterAll(async () => {
      await handle?.close();
      await server?.stop();
      await database?.drop();
    });

    it("keeps every alert in the app only: nothing is sent or retried, and the pages say so", async () => {
      const caseId = await openCaseAt991(handle);
      const rows = () =>
        handle.db
          .selectFrom("alert_messages")
          .innerJoin("users", "users.id", "alert_messages.user_id")
          .select(["users.username", "status", "to_address", "attempts", "next_attempt_at", "last_error", "sent_at"])
          .where("case_id", "=", caseId)
          .orderBy("users.username")
          .execute();
      await until("the alerts", async () => (await rows()).length === 2);
      // Several turns of the scheduler later, still nothing tried.
      const lease = await handle.db
        .selectFrom("job_leases")
        .select("until")
        .where("name", "=", "scheduler")
        .executeTakeFirstOrThrow();
      await until("three more turns", async () => {
        const now = await handle.db
          .selectFrom("job_leases")
          .select("until")
          .where("name", "=", "scheduler")
          .executeTakeFirstOrThrow();
        return Date.parse(now.until) >= Date.parse(lease.until) + 3_000;
      });
      const inApp = {
        status: "in_app",
        to_address: null,
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        sent_at: null,
      };
      expect(await rows()).toEqual([
        { username: "quanly.co.thu", ...inApp },
        { username: "quanly.khong.thu", ...inApp },
      ]);

      const context = await launchBrowser({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await signInAsAdmin(page, server);
        await page.goto(`${server.url}/admin/mail`);
        await page.getByText("Chưa cấu hình máy chủ thư (SMTP_URL): cảnh báo chỉ hiển thị trên ứng dụng.").waitFor();
        await page.getByText("Không có thư nào bị lỗi.").waitFor();
        expect(await page.locator("table").count()).toBe(0);

        // The manager with an address finds the alert in the app, marked as such.
        const managerContext = await launchBrowser({ javaScriptEnabled: false });
        try {
          const manager = await managerContext.newPage();
          await manager.goto(`${server.url}/login`);
          await manager.getByLabel("Tên đăng nhập").fill("quanly.co.thu");
          await manager.getByLabel("Mật khẩu").fill(PASSWORD);
          await manager.getByRole("button", { name: "Đăng nhập" }).click();
          await manager.waitForURL(`${server.url}/admin`);
          await manager.goto(`${server.url}/admin/alerts`);
          const [alert] = await tableRows(manager);
          expect(alert[2]).toBe("Chỉ trên ứng dụng");
          expect(await manager.getByRole("link", { name: alert[1] }).getAttribute("href")).toBe(
            `/admin/cases/${caseId}`
          );
        } finally {
          await managerContext.close();
        }
      } finally {
        await context.close();
      }
    });
  });
});
