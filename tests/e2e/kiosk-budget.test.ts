/**
 * The kiosk page's JavaScript budget (issue 6's scale goal): everything the
 * page loads — its scripts, every module they import, inline scripts — at most
 * 90 KB gzip. The service worker (/sw.js) is separate and not counted.
 */
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { newPairingCode } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

const KIOSK_JS_BUDGET_BYTES = 90 * 1024;

const gzipSize = (text: string) => zlib.gzipSync(Buffer.from(text, "utf8")).length;

/** Module URLs a script imports, statically or dynamically. */
function importsOf(js: string): string[] {
  return [...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\/[^"']+\.js)["']/g)].map((m) => m[1]);
}

describe("the kiosk page's JavaScript", () => {
  const run = useServer();

  it("stays within 90 KB gzip, all modules and inline scripts counted", async () => {
    const code = await newPairingCode(run.database.url, "99101-MC");
    const paired = await fetch(`${run.server.url}/kiosk/pair`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: run.server.url },
      body: new URLSearchParams({ code }),
      redirect: "manual",
    });
    const cookie = paired.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^hl_device=/);
    const html = await (await fetch(`${run.server.url}/kiosk`, { headers: { cookie: cookie! } })).text();
    expect(html).toContain("kiosk-step");

    const files = new Map<string, number>();
    const queue = [
      ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
      ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
    ];
    while (queue.length > 0) {
      const url = queue.pop()!;
      if (files.has(url)) continue;
      const res = await fetch(`${run.server.url}${url}`);
      expect(res.status, url).toBe(200);
      const js = await res.text();
      files.set(url, gzipSize(js));
      queue.push(...importsOf(js));
    }
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => m[1])
      .filter((s) => s.trim() !== "");
    const inlineBytes = inline.reduce((sum, s) => sum + gzipSize(s), 0);
    const total = [...files.values()].reduce((a, b) => a + b, 0) + inlineBytes;

    console.log(
      `kiosk page JavaScript: ${(total / 1024).toFixed(1)} KB gzip in ${files.size} files` +
        ` (${[...files].map(([f, n]) => `${f.replace(/^.*\//, "")} ${n} B`).join(", ")}; inline ${inlineBytes} B);` +
        ` budget ${KIOSK_JS_BUDGET_BYTES / 1024} KB`
    );
    expect(files.size).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(KIOSK_JS_BUDGET_BYTES);
  });
});
