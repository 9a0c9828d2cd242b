/**
 * What a browser sees when something goes wrong, in every mode the built
 * server runs in: a malformed URL gets a translated 400 page, an unknown one a
 * translated 404, a failure inside the translated error page — never a stack
 * trace, a file path or an untranslated key; the details go to the log.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { signIn } from "../helpers/officials";
import { ROOT, type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

const TEXT = {
  vi: {
    title: "Đã xảy ra lỗi",
    badRequest: "Địa chỉ hoặc yêu cầu không hợp lệ.",
    notFound: "Không tìm thấy trang bạn yêu cầu.",
    server: "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.",
    home: "Về trang chủ",
  },
  en: {
    title: "Something went wrong",
    badRequest: "The address or the request is not valid.",
    notFound: "The page you asked for was not found.",
    server: "The system has a problem. Please try again in a few minutes.",
    home: "Back to the home page",
  },
} as const;
type Lang = keyof typeof TEXT;

/** What must never reach a client: stack frames, file paths, error class names, untranslated keys. */
function leaks(html: string): string[] {
  const found: string[] = [];
  for (const [what, pattern] of [
    ["a stack frame", /\bat [\w.<>[\] ]+ \(|\n\s+at /],
    ["a file path", new RegExp(`${ROOT.replaceAll("/", "\\/")}|node_modules|node:internal|\\.js:\\d+:\\d+`)],
    ["an error class", /URIError|SqliteError|TypeError|ReferenceError/],
    ["a database message", /no such table/],
    ["an untranslated key", /\berrors\.[a-z_]+\b/],
  ] as const) {
    const match = pattern.exec(html);
    if (match) found.push(`${what}: «${html.slice(Math.max(0, match.index - 60), match.index + 80)}»`);
  }
  return found;
}

type Message = keyof (typeof TEXT)["vi"];

async function checkPage(page: Page, response: Response | null, status: number, lang: Lang, message: Message) {
  const url = page.url();
  expect(response?.status(), url).toBe(status);
  const html = await response!.text();
  expect(leaks(html), url).toEqual([]);
  expect(await page.locator("html").getAttribute("lang")).toBe(lang);
  const text = await page.locator("body").innerText();
  expect(text).toContain(TEXT[lang].title);
  expect(text).toContain(TEXT[lang][message]);
  await expect(page.getByRole("link", { name: TEXT[lang].home }).getAttribute("href")).resolves.toBe("/");
}

async function expectPage(context: BrowserContext, url: string, status: number, lang: Lang, message: Message) {
  const page = await context.newPage();
  try {
    await checkPage(page, await page.goto(url), status, lang, message);
  } finally {
    await page.close();
  }
}

/** A plain form post from a page of the app (as a page without JavaScript would make it) to `action`. */
async function expectPostPage(
  context: BrowserContext,
  baseUrl: string,
  action: string,
  status: number,
  lang: Lang,
  message: Message
) {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/login`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.request().isNavigationRequest()),
      page.evaluate((to) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = to;
        document.body.append(form);
        form.submit();
      }, action),
    ]);
    await page.waitForLoadState();
    await checkPage(page, response, status, lang, message);
  } finally {
    await page.close();
  }
}

/** The browser's language cookie, as the language link of any page sets it. */
async function chooseEnglish(context: BrowserContext, baseUrl: string) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?lng=en`);
  await page.close();
}

function describeErrorPages(label: string, start: () => Promise<{ server: RunningServer; database: TestDatabase }>) {
  describe(`error pages: ${label}`, () => {
    let server: RunningServer;
    let database: TestDatabase;
    let context: BrowserContext;

    beforeAll(async () => {
      ({ server, database } = await start());
      if (hasBrowser) context = await launchBrowser();
    });
    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await database?.drop();
    });

    it.skipIf(!hasBrowser)("answers a malformed URL with a translated 400 page", async () => {
      for (const lang of ["vi", "en"] as const) {
        if (lang === "en") await chooseEnglish(context, server.url);
        for (const url of ["/%E0%A4%A", "/admin/%C0", "/kiosk/%", "/reports/%E0%A4%A?unit=1"]) {
          await expectPage(context, `${server.url}${url}`, 400, lang, "badRequest");
        }
      }
      await context.clearCookies();
    });

    it.skipIf(!hasBrowser)("answers an unknown URL with a translated 404 page", async () => {
      for (const lang of ["vi", "en"] as const) {
        if (lang === "en") await chooseEnglish(context, server.url);
        for (const url of ["/khong-co-trang-nay", "/admin/khong-co", "/kiosk/khong-co", "/api/v1/khong-co", "/a/b/c"]) {
          await expectPage(context, `${server.url}${url}`, 404, lang, "notFound");
        }
        // A post to a page that takes none (Remix refuses it before any loader ran, for "/" at the root).
        for (const action of ["/", "/reports", "/khong-co-trang-nay"]) {
          await expectPostPage(context, server.url, action, 405, lang, "badRequest");
        }
      }
      await context.clearCookies();
    });

    it.skipIf(!hasBrowser)(
      "answers a failure inside with the translated error page; the details go to the log",
      async () => {
        const cookie = await signIn(server.url, "admin", printedAdminPassword(server.output()));
        const [name, value] = cookie.split("=");
        await context.addCookies([{ name, value, url: server.url }]);
        const handle = openDatabase(database.url);
        const exec = (statement: string) => sql.raw(statement).execute(handle.db);
        try {
          // A page's own query fails (the page's layout still has its data) …
          await exec("ALTER TABLE audit_log RENAME TO audit_log_away");
          await expectPage(context, `${server.url}/admin/audit`, 500, "vi", "server");
          await exec("ALTER TABLE audit_log_away RENAME TO audit_log");
          // … and the session lookup every page makes fails: pages behind sign-in cannot be shown,
          // public pages still are (as to a visitor).
          await exec("ALTER TABLE sessions RENAME TO sessions_away");
          await expectPage(context, `${server.url}/admin`, 500, "vi", "server");
          await expectPage(context, `${server.url}/admin/units`, 500, "vi", "server");
          const home = await context.newPage();
          expect((await home.goto(server.url))?.status()).toBe(200);
          await expect(home.getByRole("link", { name: "Đăng nhập" }).count()).resolves.toBeGreaterThan(0);
          await expect(home.getByRole("button", { name: /Đăng xuất/ }).count()).resolves.toBe(0);
          await home.close();
          await exec("ALTER TABLE sessions_away RENAME TO sessions");
          // A download and the JSON report API fail (their report's targets cannot be read): the
          // download as a page, the API as JSON in the client's language.
          await exec("ALTER TABLE targets RENAME TO targets_away");
          await expectPage(context, `${server.url}/reports/download?format=csv`, 500, "vi", "server");
          const api = await fetch(`${server.url}/api/v1/reports/rates`, {
            headers: { cookie, "accept-language": "en" },
          });
          expect(api.status).toBe(500);
          expect(await api.json()).toEqual({ error: "The system has a problem. Please try again in a few minutes." });
          await exec("ALTER TABLE targets_away RENAME TO targets");
        } finally {
          await handle.close();
          await context.clearCookies();
        }
        expect(server.output()).toContain("no such table");
      }
    );
  });
}

async function startOn(env: Record<string, string>, root?: string) {
  const database = await sqliteDatabase().create();
  const server = await startServer({ DATABASE_URL: database.url, SEED_DEMO: "yes", ...env }, undefined, root);
  return { server, database };
}

for (const mode of ["production", "test", "development"]) {
  describeErrorPages(`the build of npm test, NODE_ENV=${mode}`, () => startOn({ NODE_ENV: mode, LOG_LEVEL: "info" }));
}

/**
 * `NODE_ENV=development npm start` builds in development mode (Remix's
 * development error serialization, React's development build): built apart
 * from this checkout's build/ in a copy of the sources.
 */
describeErrorPages("a development build (NODE_ENV=development npm start)", async () => {
  const copy = path.join(ROOT, "tests/.tmp", `development-build-${process.pid}`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(copy, { recursive: true });
  for (const entry of ["app", "db", "locales", "public", "remix.config.js", "package.json", "tsconfig.json"]) {
    fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(ROOT, "public/build")),
    });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  const built = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["build"], {
    cwd: copy,
    env: { ...process.env, NODE_ENV: "development" },
    encoding: "utf8",
  });
  expect(built.status, built.stderr + built.stdout).toBe(0);
  expect(fs.readFileSync(path.join(copy, "build/index.js"), "utf8")).toContain('mode = "development"');
  const started = await startOn({ NODE_ENV: "development", LOG_LEVEL: "info" }, copy);
  const drop = started.database.drop;
  started.database.drop = async () => {
    await drop();
    fs.rmSync(copy, { recursive: true, force: true });
  };
  return started;
});
