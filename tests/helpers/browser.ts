import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { type RunningServer, printedAdminPassword } from "./server";

type LaunchOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Browser tests run where Chromium is installed; under CI a missing browser fails in global setup. */
export const hasBrowser = fs.existsSync(CHROMIUM_PATH);

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fresh browser profile in a temp folder; close() removes it. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-browser-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    viewport: { width: 1280, height: 800 },
    ...options,
    args: [...ARGS, ...(options.args ?? [])],
  });
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  return context;
}

/**
 * Waits until React has taken over the page's server-written HTML (its
 * handlers are on `selector`'s element). Before then a click is a plain
 * document post, the JavaScript-off path; a test of the JavaScript-on path
 * waits for this so that it runs the path it names.
 */
export async function waitForHydration(page: Page, selector = "form"): Promise<void> {
  await page.waitForFunction((s) => {
    const element = document.querySelector(s);
    return element !== null && Object.keys(element).some((k) => k.startsWith("__reactProps"));
  }, selector);
}

/** Signs in as the administrator whose password `server` printed on its first start, and waits for /admin. */
export async function signInAsAdmin(page: Page, server: Pick<RunningServer, "url" | "output">): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Tên đăng nhập").fill("admin");
  await page.getByLabel("Mật khẩu").fill(printedAdminPassword(server.output()));
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${server.url}/admin`);
  // The address changes before the page is drawn when JavaScript is on.
  await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();
}
