/**
 * /admin/systems in Chromium with JavaScript off (issue 17): an administrator
 * adds the one-stop system, sees its token once, the system posts a dossier
 * with it and is seen, then the administrator revokes it and the token stops
 * working. `system:create` on the command line gives a token that works too.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "~/cli/main.server";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { sqliteDatabase } from "../helpers/databases";
import { TEST_SESSION_SECRET, printedAdminPassword, useServer } from "../helpers/server";

function postDossier(url: string, token: string, code: string) {
  return fetch(`${url}/api/v1/dossiers`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      events: [
        {
          type: "received",
          dossierCode: code,
          occurredAt: "2026-11-20T08:00:00+07:00",
          deskCode: "99302-MC",
          dueAt: "2026-11-25T17:00:00+07:00",
        },
      ],
    }),
  });
}

describe.skipIf(!hasBrowser)("one-stop systems in Chromium", () => {
  const run = useServer(sqliteDatabase());

  it("creates a system from the command line", async () => {
    const out: string[] = [];
    const code = await runCli(
      ["system:create", "--name", "Hệ thống một cửa (CLI)"],
      { out: (s) => out.push(s), err: () => undefined, readStdin: async () => null },
      { NODE_ENV: "test", DATABASE_URL: run.database.url, SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: "silent" }
    );
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { id: number; token: string };
    expect(printed.id).toBeGreaterThan(0);
    expect(printed.token).toMatch(/^hls_/);
    expect((await postDossier(run.server.url, printed.token, "HS-CLI-1")).status).toBe(200);
  });

  it("adds, shows once and revokes a system's token with JavaScript off", async () => {
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${run.server.url}/login`);
      await page.getByLabel("Tên đăng nhập").fill("admin");
      await page.getByLabel("Mật khẩu").fill(printedAdminPassword(run.server.output()));
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${run.server.url}/admin`);
      // The address changes before the page is drawn when JavaScript is on.
      await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();

      await page.goto(`${run.server.url}/admin/systems`);
      await page.getByRole("button", { name: "Tạo mã truy cập" }).click();
      expect(await page.locator(".field-error").first().textContent()).toMatch(/Bắt buộc/);
      await page.getByLabel("Tên hệ thống").fill("Hệ thống thông tin giải quyết TTHC tỉnh");
      await page.getByRole("button", { name: "Tạo mã truy cập" }).click();
      await page.getByRole("heading", { name: /Đã tạo hệ thống «Hệ thống thông tin giải quyết TTHC tỉnh»/ }).waitFor();
      const token = (await page.locator(".password-once code").textContent())!.trim();
      expect(token).toMatch(/^hls_/);
      expect((await postDossier(run.server.url, token, "HS-WEB-1")).status).toBe(200);

      await page.goto(`${run.server.url}/admin/systems`);
      const row = page.getByRole("row", { name: /Hệ thống thông tin giải quyết TTHC tỉnh/ });
      expect(await row.getByRole("cell").nth(2).textContent()).not.toBe("Chưa gửi lần nào");
      expect(await page.locator(".password-once").count()).toBe(0);
      await row.getByRole("button", { name: /Thu hồi/ }).click();
      await page.getByText("Đã thu hồi mã truy cập của hệ thống.").waitFor();
      expect(await page.getByRole("row", { name: /Hệ thống thông tin giải quyết TTHC tỉnh/ }).textContent()).toContain(
        "Đã thu hồi lúc"
      );
      expect((await postDossier(run.server.url, token, "HS-WEB-2")).status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
