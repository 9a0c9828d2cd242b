/**
 * The citizen's phone (/danh-gia/<token>, ADR 054): on a 360 × 740 Chromium page,
 * with JavaScript on and off, a citizen rates the dossier of their receipt; the
 * page names the office and the field, never the dossier's code; the rating is
 * stored through the ingest path as the dossier's evaluation (channel phone);
 * opening the link again says «Ông/Bà đã đánh giá hồ sơ này» with a 409 and a
 * second post counts nothing; forged, expired and withdrawn links get 404 / 410 pages.
 * WCAG 2.1 AA (axe) on every screen, and at most 30 KB of JavaScript. Posts
 * with generated tokens and form bodies (fast-check) never get a 5xx.
 */
import zlib from "node:zlib";
import { AxeBuilder } from "@axe-core/playwright";
import fc from "fast-check";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { INVALID_UTF8, word } from "../helpers/ingest-fuzz";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { type TestDossier, dossierEvaluation, insertDossierAt } from "../helpers/dossiers";
import { FIRST_QUESTION, THANKS, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { signIn } from "../helpers/officials";
import { printedAdminPassword, useServer } from "../helpers/server";

const PHONE = { width: 360, height: 740 };
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const DESK = "99101-MC";
const EVALUATED = "Ông/Bà đã đánh giá hồ sơ này";
const DAY_MS = 24 * 60 * 60 * 1000;

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

describe("the citizen's phone page", () => {
  const run = useServer();
  let field: { code: string; name: string };
  let unitName: string;

  beforeAll(async () => {
    const handle = openDatabase(run.database.url);
    try {
      const f = await handle.db
        .selectFrom("procedure_fields")
        .select(["code", "name_vi"])
        .orderBy("sort_order")
        .executeTakeFirstOrThrow();
      field = { code: f.code, name: f.name_vi };
      const unit = await handle.db
        .selectFrom("desks")
        .innerJoin("units", "units.id", "desks.unit_id")
        .select("units.name")
        .where("desks.code", "=", DESK)
        .executeTakeFirstOrThrow();
      unitName = unit.name;
    } finally {
      await handle.close();
    }
  });

  async function evaluation(dossier: TestDossier) {
    const handle = openDatabase(run.database.url);
    try {
      return await dossierEvaluation(handle.db, dossier.id);
    } finally {
      await handle.close();
    }
  }

  /** A no-JavaScript post of the last step, as a stale page would send it. */
  function send(dossier: TestDossier, id: string) {
    return fetch(`${run.server.url}${dossier.path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: run.server.url },
      body: new URLSearchParams({
        step: "details",
        language: "vi",
        id,
        startedAt: new Date().toISOString(),
        rating: "satisfied",
        intent: "send",
      }),
    });
  }

  it("answers forged, unknown, not yet received, expired and withdrawn links with a 4xx page", async () => {
    const cases: [string, number][] = [
      ["/danh-gia/AAAAAAAAAAAAAAAAAAAAAA", 404],
      ["/danh-gia/%00%27%20or%201=1", 404],
      [`/danh-gia/${"x".repeat(500)}`, 404],
      [(await insertDossierAt(run.database.url, { deskCode: null })).path, 404],
      [
        (
          await insertDossierAt(run.database.url, {
            deskCode: DESK,
            endedAt: new Date(Date.now() - 31 * DAY_MS).toISOString(),
          })
        ).path,
        410,
      ],
      [
        (
          await insertDossierAt(run.database.url, {
            deskCode: DESK,
            endedAt: new Date().toISOString(),
            endKind: "withdrawn",
          })
        ).path,
        410,
      ],
      [
        (
          await insertDossierAt(run.database.url, {
            deskCode: DESK,
            endedAt: new Date().toISOString(),
            endKind: "cancelled",
          })
        ).path,
        410,
      ],
    ];
    for (const [path, status] of cases) {
      const page = await fetch(`${run.server.url}${path}`);
      expect(page.status, path).toBe(status);
      const html = await page.text();
      expect(html, path).toContain(status === 404 ? "Không tìm thấy liên kết đánh giá" : "<h1");
      // The English line follows the Vietnamese one.
      expect(html, path).toContain('lang="en"');
      const posted = await send({ id: 0, code: "", token: "", path }, crypto.randomUUID());
      expect(posted.status, `POST ${path}`).toBe(status);
    }
    // Returned 29 days ago: still open.
    const recent = await insertDossierAt(run.database.url, {
      deskCode: DESK,
      endedAt: new Date(Date.now() - 29 * DAY_MS).toISOString(),
    });
    expect((await fetch(`${run.server.url}${recent.path}`)).status).toBe(200);
  });

  it("answers 400 generated posts (random tokens, random form bodies) without a 5xx, one evaluation per dossier", async () => {
    const open = await insertDossierAt(run.database.url, { deskCode: DESK, fieldCode: field.code });
    const rated = await insertDossierAt(run.database.url, { deskCode: DESK });
    expect((await send(rated, crypto.randomUUID())).status).toBe(302);
    const withdrawn = await insertDossierAt(run.database.url, {
      deskCode: DESK,
      endedAt: new Date().toISOString(),
      endKind: "withdrawn",
    });
    const token = fc.oneof(
      fc.constantFrom(open.token, open.token, rated.token, withdrawn.token, "AAAAAAAAAAAAAAAAAAAAAA"),
      fc.constantFrom("%", "%E0%A4%A", "%ZZ", "%C3%28", "%00", "..", "x".repeat(3000), `${open.token}%00`),
      word.map(encodeURIComponent),
      fc.string({ unit: fc.constantFrom(..."Aa0_-~."), minLength: 1, maxLength: 70 })
    );
    const value = fc.oneof(
      fc.constantFrom("vi", "en", "rate", "reasons", "details", "contact", "1", "", "0987654321"),
      fc.constantFrom("rate:satisfied", "rate:dissatisfied", "rate:x", "lang:en", "lang:fr", "send", "back", "skip"),
      fc.constantFrom("very_satisfied", "satisfied", "neutral", "dissatisfied", "harassment", "long_wait"),
      fc.constantFrom(crypto.randomUUID(), new Date().toISOString(), "2026-02-30T99:00:00Z"),
      word,
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.nat({ max: 5000 }).map((n) => "ồ".repeat(n))
    );
    const key = fc.constantFrom(
      ..."step language id startedAt rating intent reasons contactPhone contactAsked comment fieldCode dossierCode onTime phone".split(
        " "
      ),
      "x"
    );
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .array(fc.tuple(key, value), { maxLength: 14 })
          .map((pairs) => new URLSearchParams(pairs).toString()),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...INVALID_UTF8).map((bytes) => Buffer.from([...Buffer.from("comment="), ...bytes])),
      },
      { weight: 1, arbitrary: fc.constant("comment=" + "a".repeat(70 * 1024)) },
      { weight: 1, arbitrary: fc.constantFrom("%", "a=%ZZ&b", "&&&==", '{"rating":"satisfied"}', "") }
    );
    const specs = fc.sample(
      fc.record({
        token,
        body,
        contentType: fc.constantFrom(
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          "multipart/form-data; boundary=x",
          "text/plain",
          "application/json",
          null
        ),
        origin: fc.constantFrom(true, true, true, false),
      }),
      { seed: 20261205, numRuns: 400 }
    );
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < specs.length) {
          const spec = specs[next++];
          const headers: Record<string, string> = {};
          if (spec.contentType) headers["content-type"] = spec.contentType;
          if (spec.origin) headers.origin = run.server.url;
          const res = await fetch(`${run.server.url}/danh-gia/${spec.token}`, {
            method: "POST",
            redirect: "manual",
            headers,
            body: typeof spec.body === "string" ? spec.body : new Uint8Array(spec.body),
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500)
            failures.push(`${res.status} for ${spec.token.slice(0, 40)}: ${String(spec.body).slice(0, 120)}`);
        }
      })
    );
    expect(failures.slice(0, 10)).toEqual([]);
    // The generator reached the survey, the rated and the withdrawn dossier, and unknown links.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 404, 409, 410]));
    // However many posts, a dossier counts at most one evaluation.
    for (const dossier of [open, rated, withdrawn]) {
      const { evaluationResponseId, responses } = await evaluation(dossier);
      expect(responses.length).toBeLessThanOrEqual(1);
      if (responses.length === 1) expect(responses[0].id).toBe(evaluationResponseId);
    }
    expect((await evaluation(withdrawn)).responses).toEqual([]);
  });

  it("counts one of two evaluations posted at once; the other gets 409", async () => {
    const dossier = await insertDossierAt(run.database.url, { deskCode: DESK });
    const answers = await Promise.all([send(dossier, crypto.randomUUID()), send(dossier, crypto.randomUUID())]);
    expect(answers.map((a) => a.status).sort()).toEqual([302, 409]);
    const { evaluationResponseId, responses } = await evaluation(dossier);
    expect(responses).toEqual([{ id: evaluationResponseId, channel: "phone" }]);
  });

  it("loads at most 30 KB of JavaScript (gzip)", async () => {
    const dossier = await insertDossierAt(run.database.url, { deskCode: DESK });
    const html = await (await fetch(`${run.server.url}${dossier.path}`)).text();
    let total = 0;
    const seen = new Set<string>();
    const queue = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    while (queue.length > 0) {
      const url = queue.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const js = await (await fetch(`${run.server.url}${url}`)).text();
      total += zlib.gzipSync(js).length;
      queue.push(...[...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\/[^"']+\.js)["']/g)].map((m) => m[1]));
    }
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
      total += zlib.gzipSync(m[1]).length;
    expect(total).toBeLessThanOrEqual(30 * 1024);
  });

  for (const javaScriptEnabled of [true, false]) {
    it.skipIf(!hasBrowser)(
      `rates a dossier on a phone-sized page, JavaScript ${javaScriptEnabled ? "on" : "off"}, once`,
      async () => {
        const dossier = await insertDossierAt(run.database.url, { deskCode: DESK, fieldCode: field.code });
        const context = await launchBrowser({ javaScriptEnabled, viewport: PHONE, isMobile: true, hasTouch: true });
        try {
          const page = await context.newPage();
          const check = async (screen: string) => {
            // Readable at 360 px: nothing wider than the screen.
            expect(await page.evaluate(() => document.documentElement.scrollWidth), screen).toBeLessThanOrEqual(
              PHONE.width
            );
            // axe runs in the page: only where the page may run JavaScript.
            if (javaScriptEnabled) expect(await violations(page), screen).toEqual([]);
          };
          await page.goto(`${run.server.url}${dossier.path}`);
          await page.getByRole("heading", { name: /hài lòng với việc giải quyết thủ tục hành chính/ }).waitFor();
          await expect.poll(() => page.getByText(unitName).first().isVisible()).toBe(true);
          await expect.poll(() => page.getByText(field.name).isVisible()).toBe(true);
          expect(await page.content()).not.toContain(dossier.code);
          await check("rate");

          await page.getByRole("button", { name: "English" }).click();
          await page.getByRole("heading", { name: /Are you satisfied/ }).waitFor();
          await check("rate (English)");
          await page.getByRole("button", { name: "Tiếng Việt" }).click();

          await page.getByRole("radio", { name: "Không hài lòng" }).click();
          await page.getByRole("heading", { name: "Ông/Bà chưa hài lòng vì lý do gì?" }).waitFor();
          await check("reasons");
          await page.getByLabel(/chờ đợi lâu/).check();
          await page.getByRole("button", { name: "Tiếp tục" }).click();
          await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
          expect(await page.getByLabel(/Mã hồ sơ/).isVisible()).toBe(false);
          await check("details");
          await page.getByLabel("Góp ý của Ông/Bà").fill("Chờ gần hai tiếng");
          await page.getByRole("button", { name: "Gửi đánh giá" }).click();
          await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
          await check("thanks");

          const { evaluationResponseId, responses } = await evaluation(dossier);
          expect(responses).toEqual([{ id: evaluationResponseId, channel: "phone" }]);
          const handle = openDatabase(run.database.url);
          try {
            const row = await handle.db
              .selectFrom("responses")
              .selectAll()
              .where("id", "=", evaluationResponseId!)
              .executeTakeFirstOrThrow();
            expect(row).toMatchObject({
              rating: "dissatisfied",
              reasons: JSON.stringify(["long_wait"]),
              field_code: field.code,
              dossier_code: null,
              comment: "Chờ gần hai tiếng",
              device_id: null,
            });
          } finally {
            await handle.close();
          }

          // The link again: already rated (409), no survey; a stale form's post counts nothing.
          const again = await page.goto(`${run.server.url}${dossier.path}`);
          expect(again!.status()).toBe(409);
          await page.getByRole("heading", { name: EVALUATED }).waitFor();
          expect(await page.getByRole("radio").count()).toBe(0);
          await check("evaluated");
          expect((await send(dossier, crypto.randomUUID())).status).toBe(409);
          expect((await evaluation(dossier)).responses).toHaveLength(1);
        } finally {
          await context.close();
        }
      }
    );
  }

  it.skipIf(!hasBrowser)(
    "lets the tablet scan the receipt's code where the browser can, and counts its rating for the dossier",
    async () => {
      const dossier = await insertDossierAt(run.database.url, {
        code: "000.00.20.H56-241126-0777",
        deskCode: DESK,
      });
      const context = await launchBrowser();
      try {
        // A browser with a BarcodeDetector (Chromium has one on Android and macOS, not here) and a camera.
        await context.addInitScript(() => {
          (window as any).BarcodeDetector = class {
            async detect() {
              return [{ rawValue: "https://example.org/danh-gia/abc" }, { rawValue: "000.00.20.h56-241126-0777" }];
            }
          };
          navigator.mediaDevices.getUserMedia = async () => {
            const canvas = document.createElement("canvas");
            canvas.getContext("2d")!.fillRect(0, 0, 10, 10);
            return canvas.captureStream();
          };
        });
        const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, DESK));
        await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
        await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
        await page.getByRole("button", { name: "Quét mã trên giấy tiếp nhận" }).click();
        await expect.poll(() => page.getByLabel(/Mã hồ sơ/).inputValue()).toBe("000.00.20.H56-241126-0777");
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.getByRole("heading", { name: THANKS }).waitFor();
        await expect.poll(async () => (await evaluation(dossier)).responses, { timeout: 15_000 }).toHaveLength(1);
        const { evaluationResponseId, responses } = await evaluation(dossier);
        expect(responses).toEqual([{ id: evaluationResponseId, channel: "kiosk" }]);
        await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor({ timeout: 15_000 });
      } finally {
        await context.close();
      }
      // The phone link of a dossier rated at the tablet: already rated.
      const html = await (await fetch(`${run.server.url}${dossier.path}`)).text();
      expect(html).toContain(EVALUATED);
    }
  );

  it("shows the reports by channel, and one channel on its own (/reports?channel=phone)", async () => {
    const cookie = await signIn(run.server.url, "admin", printedAdminPassword(run.server.output()));
    const page = async (query: string) => {
      const res = await fetch(`${run.server.url}/reports?${query}`, { headers: { cookie } });
      return { status: res.status, html: await res.text() };
    };
    const all = await page("period=2026-12");
    expect(all.status).toBe(200);
    expect(all.html).toContain("Theo kênh đánh giá");
    expect(all.html).toContain("Điện thoại của người dân (mã QR trên giấy tiếp nhận)");
    const phone = await page("period=2026-12&channel=phone");
    expect(phone.status).toBe(200);
    expect(phone.html).toContain("Báo cáo chỉ tính phiếu từ: Điện thoại của người dân");
    // The signed documents cover every channel: their links leave the channel out, the CSV keeps it.
    expect(phone.html).toMatch(/format=csv[^"]*channel=phone|channel=phone[^"]*format=csv/);
    expect(phone.html).not.toMatch(/channel=phone[^"]*format=pdf|format=pdf[^"]*channel=phone/);
    expect((await page("period=2026-12&channel=sms")).status).toBe(400);
  });
});
