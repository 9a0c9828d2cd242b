/** The security that holds the administration: CSRF, headers, revocation, sign-in throttling, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { item } from "../helpers/fixtures";
import { newPairingCode } from "../helpers/kiosk";
import { postForm, signIn } from "../helpers/officials";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

describe("security over HTTP", () => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: string;

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url });
    admin = await signIn(server.url, "admin", printedAdminPassword(server.output()));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const createDesk = (headers: Record<string, string>) =>
    fetch(`${server.url}/admin/desks?index`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: admin, "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ intent: "create", unit: "1", code: "CSRF-1", name: "Quầy giả mạo" }),
    });

  it("refuses a state-changing request from another site, or one that does not say where it comes from", async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { origin: "null" },
      { referer: "https://evil.example/form.html" },
      { "sec-fetch-site": "cross-site" },
      {},
    ]) {
      const res = await createDesk(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain('<p role="alert">Yêu cầu không đến từ trang của hệ thống.</p>');
    }
    // The same post from the app's own page goes through.
    const ok = await createDesk({ origin: server.url });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toMatch(/^\/admin\/desks\/\d+\?notice=desk_created$/);
    const again = await createDesk({ referer: `${server.url}/admin/desks` });
    expect(again.status).toBe(400);
    // Sign-out is a post too.
    const logout = await fetch(`${server.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: admin, origin: "https://evil.example" },
    });
    expect(logout.status).toBe(403);
    expect((await fetch(`${server.url}/admin`, { redirect: "manual", headers: { cookie: admin } })).status).toBe(200);
  });

  it("sends the security headers, and keeps officials' pages out of caches", async () => {
    const res = await fetch(`${server.url}/admin/units`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    // No inline style attributes anywhere on the page (the CSP would block them).
    expect(await res.text()).not.toMatch(/\sstyle="/);
  });

  it("revokes a tablet at once: its next API request gets 401 and the kiosk asks to pair", async () => {
    const code = await newPairingCode(database.url, "99101-MC");
    const pair = await postForm(server.url, "/kiosk/pair", { code });
    expect(pair.status).toBe(302);
    const device = pair.headers
      .getSetCookie()
      .find((c) => c.startsWith("hl_device="))!
      .split(";")[0];
    const send = () =>
      fetch(`${server.url}/api/v1/responses`, {
        method: "POST",
        headers: { cookie: device, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ responses: [item({ submittedAt: new Date().toISOString() })] }),
      });
    expect((await send()).status).toBe(200);
    // A page on another site cannot use the kiosk's cookie.
    const forged = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { cookie: device, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ responses: [item()] }),
    });
    expect(forged.status).toBe(403);

    const page = await (await fetch(`${server.url}/admin/desks`, { headers: { cookie: admin } })).text();
    const deskId = new RegExp(`href="/admin/desks/(\\d+)">Bộ phận Một cửa phường Bắc Sơn`).exec(page)![1];
    const deskPage = await (await fetch(`${server.url}/admin/desks/${deskId}`, { headers: { cookie: admin } })).text();
    expect(deskPage).toContain("Đã kích hoạt");
    const db = openDatabase(database.url);
    const paired = await db.db
      .selectFrom("devices")
      .select("id")
      .where("desk_id", "=", Number(deskId))
      .where("last_seen_at", "is not", null)
      .executeTakeFirstOrThrow();
    await db.close();
    const revoke = await postForm(server.url, "/admin/devices", { intent: "revoke", device: String(paired.id) }, admin);
    expect(revoke.status).toBe(302);

    expect((await send()).status).toBe(401);
    const kiosk = await fetch(`${server.url}/kiosk`, { redirect: "manual", headers: { cookie: device } });
    expect(kiosk.status).toBe(302);
    expect(kiosk.headers.get("location")).toBe("/kiosk/pair?reason=revoked");
    const pairPage = await (await fetch(`${server.url}/kiosk/pair?reason=revoked`)).text();
    expect(pairPage).toContain("Thiết bị chưa được kích hoạt");
    expect(pairPage).toContain("đã bị thu hồi");
  });

  it("refuses a used pairing code on the tablet's pairing page", async () => {
    const code = await newPairingCode(database.url, "992-MC");
    expect((await postForm(server.url, "/kiosk/pair", { code })).status).toBe(302);
    const reused = await postForm(server.url, "/kiosk/pair", { code });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("Mã kích hoạt không đúng, đã được sử dụng hoặc đã hết hạn.");
  });

  it("makes a username wait after 5 failed sign-ins, with one message for unknown users and wrong passwords", async () => {
    const attempt = (username: string, password: string) =>
      postForm(server.url, "/login", { username, password }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      }));
    const unknown = await attempt("khong.ton.tai", "sai-mat-khau-1");
    const wrong = await attempt("admin", "sai-mat-khau-1");
    expect([unknown.status, wrong.status]).toEqual([400, 400]);
    for (const r of [unknown, wrong]) expect(r.text).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
    // Five failures for "admin" from this address (the unknown user's counts only against the address).
    for (let i = 0; i < 4; i++) expect((await attempt("admin", `sai-mat-khau-${i + 2}`)).status).toBe(400);
    const blocked = await attempt("admin", printedAdminPassword(server.output()));
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.");
  });

  // Last: the server stops reading the oversized upload, so its connection is not reused well afterwards.
  it("answers a body that is not a form, or too large, with a 4xx, never a 500", async () => {
    const post = (body: string, type: string) =>
      fetch(`${server.url}/admin/units?index`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: admin, origin: server.url, "content-type": type },
        body,
      });
    expect((await post("--x\r\nbroken", "multipart/form-data; boundary=nope")).status).toBe(400);
    expect(
      (await post("intent=create&name=" + "x".repeat(2 * 1024 * 1024), "application/x-www-form-urlencoded")).status
    ).toBe(413);
  });
});
