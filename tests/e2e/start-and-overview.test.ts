/** What a new user does first: start the app, sign in, look at the overview. */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { localDateOf, startOfMonth } from "~/domain/time";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import {
  BUILD,
  ROOT,
  type RunningServer,
  printedAdminPassword,
  printedPairingCode,
  startServer,
} from "../helpers/server";

describe("npm start on a new database", () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url, NODE_ENV: "development" });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("seeds the demo province and prints a generated admin password and a pairing link", () => {
    const out = server.output();
    expect(out).toContain("HaiLong đang chạy tại");
    expect(printedAdminPassword(out)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(printedPairingCode(out)).toMatch(/^\d{6}$/);
  });

  it("serves the home page and sends /kiosk to pairing, with security headers", async () => {
    const home = await fetch(server.url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Khảo sát mức độ hài lòng");
    const csp = home.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home.headers.get("x-content-type-options")).toBe("nosniff");
    const kiosk = await fetch(`${server.url}/kiosk`, { redirect: "manual" });
    expect(kiosk.status).toBe(302);
    expect(kiosk.headers.get("location")).toBe("/kiosk/pair");
  });

  it("keeps the admin pages behind sign-in", async () => {
    const res = await fetch(`${server.url}/admin`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it.skipIf(!hasBrowser)("signs the administrator in to an overview computed from the stored responses", async () => {
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Tên đăng nhập").fill("admin");
      await page.getByLabel("Mật khẩu").fill("sai-mat-khau-roi");
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.").waitFor();
      expect(await page.getByLabel("Tên đăng nhập").inputValue()).toBe("admin");

      await page.getByLabel("Mật khẩu").fill(printedAdminPassword(server.output()));
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${server.url}/admin`);
      await page.getByRole("heading", { name: "Tổng quan" }).waitFor();

      const today = localDateOf(new Date());
      const handle = openDatabase(database.url);
      const row = await handle.db
        .selectFrom("responses")
        .select((eb) => [
          eb.fn.countAll<number>().as("n"),
          eb.fn
            .sum<number>(eb.case().when("rating", "in", ["very_satisfied", "satisfied"]).then(1).else(0).end())
            .as("satisfied"),
        ])
        .where("local_date", ">=", startOfMonth(today))
        .where("local_date", "<=", today)
        .executeTakeFirstOrThrow();
      await handle.close();
      const month = page.getByRole("region", { name: /^Tháng/ });
      const n = Number(row.n);
      expect(await month.innerText()).toContain(`Số phiếu đánh giá: ${n.toLocaleString("vi-VN")}`);
      if (n > 0) {
        const rate = ((Number(row.satisfied) / n) * 100).toFixed(1).replace(".", ",");
        expect(await month.locator(".rate-card").first().innerText()).toContain(`${rate}%`);
      }

      await page.getByRole("button", { name: /Đăng xuất/ }).click();
      await page.goto(`${server.url}/admin`);
      await page.waitForURL(/\/login\?redirectTo=/);
    } finally {
      await context.close();
    }
  });
});

describe("npm start in production", () => {
  it("refuses to start without a SESSION_SECRET of 32 characters", () => {
    for (const secret of [undefined, "too-short"]) {
      const result = spawnSync(process.execPath, [BUILD], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: "production",
          DATABASE_URL: "file:/nonexistent/never.sqlite",
          ...(secret ? { SESSION_SECRET: secret } : {}),
        },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("SESSION_SECRET");
    }
  });
});
