/**
 * Cookies and HSTS behind a TLS proxy. In production with an https
 * PUBLIC_URL the app is reached over https whatever the proxy forwards, so
 * every cookie it sets is Secure and HSTS is sent, also with the default
 * TRUST_PROXY=0. A plain-http installation sets neither; behind a trusted
 * proxy, X-Forwarded-Proto decides.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { newDevice } from "../helpers/kiosk";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** Every cookie the app sets, once each, with the headers of the answers that set them. */
async function cookiesAndHsts(server: RunningServer, databaseUrl: string, headers: Record<string, string> = {}) {
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: "manual",
      ...init,
      headers: { origin: server.url, ...headers, ...(init.headers as Record<string, string>) },
    });
  const login = await send("/login", {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ username: "admin", password: printedAdminPassword(server.output()) }),
  });
  expect(login.status).toBe(302);
  const session = login.headers.getSetCookie().find((c) => c.startsWith("hl_session="))!;
  const cookie = session.split(";")[0];
  const logout = await send("/logout", { method: "POST", headers: { cookie } });
  const pair = await send("/kiosk/pair", {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ code: (await newDevice(databaseUrl, "991-MC")).pairingCode }),
  });
  expect(pair.status).toBe(302);
  const device = pair.headers.getSetCookie().find((c) => c.startsWith("hl_device="))!;
  const kiosk = await send("/kiosk", { headers: { cookie: device.split(";")[0] } });
  expect(kiosk.status).toBe(200);
  // The second time the kiosk page comes from the page cache, in front of Express.
  const keptKiosk = await send("/kiosk", { headers: { cookie: device.split(";")[0] } });
  expect(keptKiosk.headers.get("server-timing")).toBe("kept");
  const language = await send("/?lng=en");
  const set = {
    session,
    sessionEnd: logout.headers.getSetCookie().find((c) => c.startsWith("hl_session="))!,
    device,
    deviceRenewed: kiosk.headers.getSetCookie().find((c) => c.startsWith("hl_device="))!,
    deviceRenewedByKeptPage: keptKiosk.headers.getSetCookie().find((c) => c.startsWith("hl_device="))!,
    language: language.headers.getSetCookie().find((c) => c.startsWith("hl_lang="))!,
  };
  for (const [name, value] of Object.entries(set)) expect(value, name).toBeDefined();
  const answers = {
    login,
    logout,
    pair,
    kiosk,
    keptKiosk,
    language,
    page: await send("/login"),
    missing: await send("/x/y"),
  };
  const hsts = Object.fromEntries(
    Object.entries(answers).map(([name, res]) => [name, res.headers.get("strict-transport-security")])
  );
  return { set, hsts };
}

const secure = (setCookie: string) => /;\s*Secure\b/i.test(setCookie);

function run(label: string, env: Record<string, string>, check: (server: RunningServer, url: string) => Promise<void>) {
  describe(label, () => {
    let database: TestDatabase;
    let server: RunningServer;
    beforeAll(async () => {
      database = await sqliteDatabase().create();
      server = await startServer({ DATABASE_URL: database.url, SEED_DEMO: "yes", ...env });
    });
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
    });
    it("sets its cookies and HSTS as the installation is reached", () => check(server, database.url));
  });
}

run(
  "production behind a TLS proxy (PUBLIC_URL https, TRUST_PROXY=0)",
  { NODE_ENV: "production", PUBLIC_URL: "https://hailong.example.vn", TRUST_PROXY: "0" },
  async (server, url) => {
    // The proxy speaks plain http to the app and says nothing trusted about the client's scheme.
    const { set, hsts } = await cookiesAndHsts(server, url, { "x-forwarded-proto": "http" });
    for (const [name, value] of Object.entries(set)) expect(secure(value), `${name}: ${value}`).toBe(true);
    for (const [name, value] of Object.entries(hsts)) {
      expect(value, `HSTS on ${name}`).toBe("max-age=31536000; includeSubDomains");
    }
  }
);

run("plain http (development, test)", { NODE_ENV: "test" }, async (server, url) => {
  const { set, hsts } = await cookiesAndHsts(server, url);
  for (const [name, value] of Object.entries(set)) expect(secure(value), `${name}: ${value}`).toBe(false);
  for (const [name, value] of Object.entries(hsts)) expect(value, `HSTS on ${name}`).toBeNull();
});

run("behind a trusted proxy (TRUST_PROXY=1)", { NODE_ENV: "test", TRUST_PROXY: "1" }, async (server, url) => {
  const https = await cookiesAndHsts(server, url, { "x-forwarded-proto": "https" });
  for (const [name, value] of Object.entries(https.set)) expect(secure(value), `${name}: ${value}`).toBe(true);
  for (const [name, value] of Object.entries(https.hsts)) expect(value, `HSTS on ${name}`).not.toBeNull();
  const http = await cookiesAndHsts(server, url, { "x-forwarded-proto": "http" });
  for (const [name, value] of Object.entries(http.set)) expect(secure(value), `${name}: ${value}`).toBe(false);
  for (const [name, value] of Object.entries(http.hsts)) expect(value, `HSTS on ${name}`).toBeNull();
});
