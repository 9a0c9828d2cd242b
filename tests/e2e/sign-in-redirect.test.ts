/**
 * Open redirects after sign-in, in a real browser: a link to
 * /login?redirectTo=… with a known bypass signs the official in and leaves
 * them on a page of the app, with JavaScript (Remix's fetch) and without (a
 * plain form post and a Location header), and never answers 500.
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { LOCAL_REDIRECTS, OPEN_REDIRECT_BYPASSES } from "../helpers/redirects";
import { printedAdminPassword, useServer } from "../helpers/server";

describe("where sign-in goes next", () => {
  const running = useServer();

  async function sessionRows(): Promise<number> {
    const handle = openDatabase(running.database.url);
    try {
      const row = await handle.db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await handle.close();
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    it.skipIf(!hasBrowser)(
      `ends every sign-in on a page of the app (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
      async () => {
        const { server } = running;
        const origin = new URL(server.url).origin;
        const password = printedAdminPassword(server.output());
        const context = await launchBrowser({ javaScriptEnabled });
        const wrong: string[] = [];
        const before = await sessionRows();
        let signIns = 0;
        try {
          const cases = [
            ...OPEN_REDIRECT_BYPASSES.map((to) => ({ to, lands: "/admin" })),
            ...LOCAL_REDIRECTS.map((to) => ({ to, lands: new URL(to, origin).pathname })),
          ];
          for (const { to, lands } of cases) {
            await context.clearCookies();
            const page = await context.newPage();
            const failures: string[] = [];
            page.on("response", (r) => {
              if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
            });
            await page.goto(`${server.url}/login?redirectTo=${encodeURIComponent(to)}`);
            await page.getByLabel("Tên đăng nhập").fill("admin");
            await page.getByLabel("Mật khẩu").fill(password);
            await page.getByRole("button", { name: "Đăng nhập" }).click();
            await page
              .waitForURL((url) => url.pathname !== "/login", { timeout: 10_000, waitUntil: "commit" })
              .catch(() => undefined);
            await page.waitForLoadState("load").catch(() => undefined);
            signIns++;
            const at = page.url();
            const url = URL.canParse(at) ? new URL(at) : null;
            if (url?.origin !== origin || url.pathname !== lands) wrong.push(`${JSON.stringify(to)} ended on ${at}`);
            if (failures.length > 0) wrong.push(`${JSON.stringify(to)} answered ${failures.join(", ")}`);
            const cookies = await context.cookies(server.url);
            if (!cookies.some((c) => c.name === "hl_session"))
              wrong.push(`${JSON.stringify(to)} sent no session cookie`);
            await page.close();
          }
        } finally {
          await context.close();
        }
        expect(wrong).toEqual([]);
        // One session per sign-in, each one's cookie sent: none stored for an answer that failed.
        expect((await sessionRows()) - before).toBe(signIns);
      }
    );
  }
});
