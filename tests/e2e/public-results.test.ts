/**
 * /cong-khai on the built server with the demo province: a translated 404
 * until an administrator turns it on; then, without sign-in, each unit's
 * figures as the reports API gives them for the same months (only the units at
 * or above the minimum sample are listed, the others counted in a line), none of
 * the demo's comments, dossier codes, desks, tablets, users or officers, cache
 * validators that give 304s, English by the usual
 * switch, a lobby screen that moves on through every unit by itself, and no
 * WCAG 2.1 AA violation (axe in Chromium).
 */
import { AxeBuilder } from "@axe-core/playwright";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { localDateOf } from "~/domain/time";
import type { RatesReportJson, RateGroupJson } from "~/reports/report-model";
import { formatPercent } from "~/utils/format";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { officerWithAnswers, postForm, signIn } from "../helpers/officials";
import { printedAdminPassword, useServer } from "../helpers/server";

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

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

/** Each unit row's text in a month's table (0: this month, 1: last month). */
function rowsOf(html: string, month: 0 | 1): Map<string, string> {
  const start = html.indexOf(`id="month-${month}"`);
  const end = month === 0 ? html.indexOf('id="month-1"') : html.length;
  const section = html.slice(start, end);
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/<tr[^>]*data-unit="([^"]+)"[^>]*>(.*?)<\/tr>/g)) rows.set(m[1], text(m[2]));
  return rows;
}

function figure(rate: { rate: number | null; low: number | null; high: number | null }): string {
  return `${formatPercent(rate.rate, "vi")} (${formatPercent(rate.low, "vi")} – ${formatPercent(rate.high, "vi")})`;
}

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

describe("public results (/cong-khai)", () => {
  const run = useServer();
  let admin = "";

  async function setPublic(value: "on" | "off") {
    if (!admin) admin = await signIn(run.server.url, "admin", printedAdminPassword(run.server.output()));
    const res = await postForm(
      run.server.url,
      "/admin/settings",
      { intent: "public_results", public_results: value },
      admin
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/settings?notice=public_results_saved");
  }

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${run.server.url}${path}`, { headers, redirect: "manual" });

  it("answers a translated 404 until an administrator turns it on", async () => {
    for (const path of ["/cong-khai", "/cong-khai?man-hinh=1"]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(text(await res.text())).toContain("Không tìm thấy trang bạn yêu cầu.");
    }
    // An unknown value is refused, and nothing changes.
    const bad = await postForm(
      run.server.url,
      "/admin/settings",
      { intent: "public_results", public_results: "yes" },
      (admin = await signIn(run.server.url, "admin", printedAdminPassword(run.server.output())))
    );
    expect(bad.status).toBe(400);
    expect((await get("/cong-khai")).status).toBe(404);
    const linked = async (path: string, cookie?: string) =>
      (await (await fetch(`${run.server.url}${path}`, { headers: cookie ? { cookie } : {} })).text()).includes(
        'href="/cong-khai"'
      );
    expect(await linked("/")).toBe(false);
    expect(await linked("/admin", admin)).toBe(false);
    await setPublic("on");
    // Linked from the home page, the overview and the settings page once on.
    expect(await linked("/")).toBe(true);
    expect(await linked("/admin", admin)).toBe(true);
    expect(await linked("/admin/settings", admin)).toBe(true);
  });

  it("lists the units at or above the minimum sample with the reports API's figures, and leaves the others out", async () => {
    const res = await get("/cong-khai");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(text(html)).toContain("Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg");
    expect(text(html)).not.toContain("Chưa đủ số phiếu");
    const current = localDateOf(new Date()).slice(0, 7);
    const months = [current, previousMonth(current)];
    let withFigures = 0;
    let without = 0;
    for (const i of [0, 1] as const) {
      const rows = rowsOf(html, i);
      // The model's figures of every unit: the province's total, and each unit as a group of its parent.
      const groups = new Map<string, RateGroupJson>();
      let minSample = 0;
      for (const code of ["99", "991", "992", "993"]) {
        const api = await fetch(`${run.server.url}/api/v1/reports/rates?period=${months[i]}&unit=${code}&by=unit`, {
          headers: { cookie: admin },
        });
        expect(api.status).toBe(200);
        const report = (await api.json()) as RatesReportJson;
        minSample = report.targets.minSample;
        if (code === "99") groups.set("99", report.total);
        for (const g of report.groups.filter((g) => g.kind === "unit")) groups.set(g.key, g);
      }
      expect(groups.size).toBe(12); // the demo province, 3 districts, 8 communes
      let below = 0;
      for (const [code, g] of groups) {
        const row = rows.get(code);
        if (g.total >= minSample) {
          withFigures++;
          expect(row, code).toBeDefined();
          expect(row, code).toContain(figure(g.satisfaction));
          expect(row, code).toContain(figure({ ...g.decision766 }));
          expect(row, code).toContain(figure(g.harassmentRate));
        } else {
          // Not listed at all: not its name, not a row.
          below++;
          expect(row, code).toBeUndefined();
        }
      }
      without += below;
      expect(rows.size).toBe(12 - below);
      // How many were left out, in one line under the month's table.
      const section = text(
        html.slice(html.indexOf(`id="month-${i}"`), i === 0 ? html.indexOf('id="month-1"') : undefined)
      );
      if (below > 0)
        expect(section).toContain(`${below} đơn vị có dưới ${minSample} phiếu trong tháng nên chưa được công bố.`);
      else expect(section).not.toContain("chưa được công bố");
    }
    // The demo has two full months of answers: both listed and left-out units are exercised over the two months.
    expect(withFigures).toBeGreaterThan(0);
    expect(without).toBeGreaterThan(0);
  });

  it("shows none of the comments, dossier codes, desks, tablets, users or officers stored", async () => {
    // An officer with enough answers to be listed in a report by officer (issue 17): never named here.
    await officerWithAnswers(run.database.url, {
      desk: "99101-MC",
      code: "CBCK-0417",
      name: "Đỗ Thị Hồng Nhung",
      answers: 40,
    });
    const handle = openDatabase(run.database.url);
    let secrets: string[];
    try {
      const db = handle.db;
      const comments = await db.selectFrom("responses").select("comment").where("comment", "is not", null).execute();
      const dossiers = await db
        .selectFrom("responses")
        .select("dossier_code")
        .where("dossier_code", "is not", null)
        .execute();
      const suspects = await db.selectFrom("responses").select("id").where("suspect", "=", 1).execute();
      const desks = await db.selectFrom("desks").select(["name", "code"]).execute();
      const devices = await db.selectFrom("devices").select(["name", "token_hash"]).execute();
      const users = await db.selectFrom("users").select("username").execute();
      const officers = await db.selectFrom("officers").select(["name", "code"]).execute();
      expect(comments.length).toBeGreaterThan(0);
      expect(officers.length).toBeGreaterThan(0);
      secrets = [
        ...comments.map((c) => c.comment!),
        ...dossiers.map((d) => d.dossier_code!),
        ...suspects.map((s) => s.id),
        ...desks.flatMap((d) => [d.name, d.code]),
        ...devices.flatMap((d) => [d.name, d.token_hash]),
        ...users.map((u) => u.username),
        ...officers.flatMap((o) => [o.name, o.code]),
      ];
    } finally {
      await handle.close();
    }
    const pages = ["/cong-khai", "/cong-khai?lng=en", "/cong-khai?don-vi=992"];
    for (let trang = 1; trang <= 12; trang++) pages.push(`/cong-khai?man-hinh=1&trang=${trang}`);
    for (const path of pages) {
      const page = text(await (await get(path)).text());
      for (const secret of new Set(secrets)) expect(page, `${path}: ${secret}`).not.toContain(secret);
      expect(page).not.toMatch(/nghi ngờ|suspect|máy tính bảng|tablet/i);
    }
  });

  it("is cacheable and revalidates with its ETag and Last-Modified", async () => {
    const res = await get("/cong-khai");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(res.headers.get("vary")).toMatch(/Cookie/);
    const etag = res.headers.get("etag")!;
    const lastModified = res.headers.get("last-modified")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    // No inline script, so the same bytes serve everyone (no per-request nonce).
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(await (await get("/cong-khai")).text()).toBe(html);
    const byTag = await get("/cong-khai", { "if-none-match": etag });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    expect((await get("/cong-khai", { "if-modified-since": lastModified })).status).toBe(304);
    expect((await get("/cong-khai", { "if-none-match": 'W/"other"' })).status).toBe(200);
    // A signed-in official's copy is theirs alone.
    const signedIn = await get("/cong-khai", { cookie: admin });
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
  });

  it("switches to English the usual way, and refuses a bad query or an unknown unit", async () => {
    const en = await get("/cong-khai?lng=en");
    expect(en.status).toBe(200);
    expect(en.headers.get("cache-control")).toBe("private, no-cache");
    const page = text(await en.text());
    expect(page).toContain("Citizens' and organisations' satisfaction: results");
    expect(page).toContain("Satisfaction ratio under Decision 766/QĐ-TTg");
    expect((await get("/cong-khai?don-vi=000")).status).toBe(404);
    expect((await get("/cong-khai?man-hinh=1&trang=abc")).status).toBe(400);
    expect((await get("/cong-khai?don-vi=%3Cscript%3E")).status).toBe(400);
  });

  it("lobby screen: moves on to the next unit by itself, through every unit and back", async () => {
    const seen: string[] = [];
    const first = await (await get("/cong-khai?man-hinh=1")).text();
    expect(first).toContain('<meta http-equiv="refresh" content="15;url=/cong-khai?man-hinh=1&amp;trang=2"/>');
    let path = "/cong-khai?man-hinh=1&don-vi=992&giay=20";
    for (let step = 0; step < 5; step++) {
      const html = await (await get(path)).text();
      seen.push(text(/<h1>(.*?)<\/h1>/.exec(html)![1]));
      const refresh = /<meta http-equiv="refresh" content="(\d+);url=([^"]+)"/.exec(html)!;
      expect(refresh[1]).toBe("20");
      path = refresh[2].replace(/&amp;/g, "&");
    }
    // District Thanh Bình and its two communes, then round again.
    expect(seen).toEqual([
      "Huyện Thanh Bình",
      "Thị trấn Thanh Bình",
      "Xã Bình Minh",
      "Huyện Thanh Bình",
      "Thị trấn Thanh Bình",
    ]);
  });

  describe.skipIf(!hasBrowser)("in Chromium", () => {
    // The page has no script of its own: what Chromium shows with JavaScript on is what a browser without it shows.
    it("has no WCAG 2.1 AA violation; the lobby fills a TV in large type", async () => {
      const context = await launchBrowser({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(`${run.server.url}/cong-khai`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
        expect(result.violations.map((v) => v.id)).toEqual([]);
        await page.setViewportSize({ width: 1920, height: 1080 });
        // Ten minutes a unit, so that the page stays put while axe reads it.
        await page.goto(`${run.server.url}/cong-khai?man-hinh=1&giay=600`);
        // A display that moves on by itself: the page above carries the same figures without a time limit.
        const lobby = await new AxeBuilder({ page }).withTags(WCAG_AA).disableRules(["meta-refresh"]).analyze();
        expect(lobby.violations.map((v) => v.id)).toEqual([]);
        const sizes = await page.evaluate(() => ({
          name: parseFloat(getComputedStyle(document.querySelector("h1")!).fontSize),
          figure: parseFloat(getComputedStyle(document.querySelector(".lobby-value")!).fontSize),
          scrolls: document.documentElement.scrollHeight > window.innerHeight,
        }));
        // Readable from 5 m on a 1080p television: the unit's name and each figure are large, nothing scrolls.
        expect(sizes.name).toBeGreaterThanOrEqual(64);
        expect(sizes.figure).toBeGreaterThanOrEqual(64);
        expect(sizes.scrolls).toBe(false);
      } finally {
        await context.close();
      }
    }, 180_000);
  });

  it("answers 404 again once turned off", async () => {
    await setPublic("off");
    expect((await get("/cong-khai")).status).toBe(404);
  });
});
