/**
 * The kiosk page kept after its first render (app/utils/page-cache.server.ts,
 * app/kiosk/kept-page.server.ts): what the tablet sees must never be stale,
 * and the kept page carries the same security headers as a rendered one.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { serializeDeviceCookie } from "~/devices/device-cookie.server";
import { type NewDevice, newDevice } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

const DESK = "99101-MC";

describe("the kept kiosk page", () => {
  const run = useServer();
  let device: NewDevice;
  let cookie: string;
  beforeAll(async () => {
    device = await newDevice(run.database.url, DESK);
    cookie = (await serializeDeviceCookie(device.token, false)).split(";")[0];
  });

  const kiosk = (search = "", headers: Record<string, string> = {}) =>
    fetch(`${run.server.url}/kiosk${search}`, { headers: { cookie, ...headers }, redirect: "manual" });

  async function change(work: (db: ReturnType<typeof openDatabase>["db"]) => Promise<unknown>) {
    const handle = openDatabase(run.database.url);
    try {
      await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  it("sends the same page again, gzipped or not, with a rendered page's security headers and the renewed credential", async () => {
    const first = await kiosk("?done=vi"); // rendered by Remix: nothing kept for this URL yet
    expect(first.status).toBe(200);
    const securityHeaders = (res: Response) =>
      Object.fromEntries(
        [...res.headers]
          .filter(
            ([name]) =>
              ![
                "date",
                "content-length",
                "transfer-encoding",
                "content-encoding",
                "vary",
                "cache-control",
                "connection",
                "keep-alive",
                "set-cookie",
                "server-timing",
              ].includes(name)
          )
          .map(([name, value]) => [name, value.replace(/'nonce-[^']+'/, "'nonce-…'")])
      );
    const rendered = securityHeaders(first);
    expect(rendered["content-security-policy"]).toMatch(/script-src 'self' 'nonce-…'/);
    expect(first.headers.get("server-timing")).toBeNull();
    const kept = await kiosk("?done=vi");
    expect(kept.headers.get("server-timing")).toBe("kept");
    expect(await kept.text()).toBe(await first.text());
    expect(securityHeaders(kept)).toEqual(rendered);

    const html = await (await kiosk()).text();
    expect(html).toContain("kiosk-step");
    expect(html).not.toContain("nonce=");

    for (const encoding of ["gzip", "identity"]) {
      const again = await kiosk("", { "accept-encoding": encoding });
      expect(again.status).toBe(200);
      expect(again.headers.get("server-timing")).toBe("kept");
      expect(await again.text()).toBe(html);
      expect(again.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(again.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
      expect(again.headers.get("x-frame-options")).toBe("DENY");
      expect(again.headers.get("set-cookie")).toMatch(/^hl_device=.*HttpOnly/);
    }
  });

  it("shows a renamed desk and a new procedure field on the next request", async () => {
    expect(await (await kiosk()).text()).not.toContain("Quầy đổi tên");
    await change((db) => db.updateTable("desks").set({ name: "Quầy đổi tên" }).where("code", "=", DESK).execute());
    await change((db) =>
      db
        .insertInto("procedure_fields")
        .values({ code: "moi_them", name_vi: "Lĩnh vực mới thêm", name_en: "New field", sort_order: 99 })
        .execute()
    );
    const page = await (await kiosk()).text();
    expect(page).toContain("Quầy đổi tên");
    expect(page).toContain("Lĩnh vực mới thêm");
  });

  it("keeps the thank-you page apart from the survey, in the citizen's language", async () => {
    const survey = await (await kiosk()).text();
    const thanksVi = await (await kiosk("?done=vi")).text();
    const thanksEn = await (await kiosk("?done=en")).text();
    expect(thanksVi).not.toBe(survey);
    expect(thanksVi).toContain('data-step="thanks"');
    expect(thanksEn).not.toBe(thanksVi);
    expect(await (await kiosk("?done=en")).text()).toBe(thanksEn);
  });

  it("sends a revoked tablet to pairing at once, even though its page was kept", async () => {
    expect((await kiosk()).status).toBe(200);
    await change((db) =>
      db
        .updateTable("devices")
        .set({ revoked_at: new Date().toISOString() })
        .where("id", "=", device.deviceId)
        .execute()
    );
    const res = await kiosk();
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/kiosk/pair?reason=revoked");
  });
});
