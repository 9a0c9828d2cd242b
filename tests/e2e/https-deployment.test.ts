/**
 * HTTPS end to end, as a province deploys it (docs/operations.md): a throwaway
 * CA and certificate made with openssl, nginx running deploy/nginx/hailong.conf
 * (its certificate paths, ports and upstream filled in) in front of the built
 * server with TRUST_PROXY naming nginx's address, and Chromium trusting that
 * certificate. The kiosk pairs over https, its service worker registers, a
 * citizen answers; the app stops (nginx answers 502), the kiosk reloads from
 * its cache and a second citizen answers; the app starts again and both
 * answers arrive exactly once. The session cookie is Secure; two clients
 * behind nginx are throttled apart; a forged X-Forwarded-For sent straight to
 * the app is ignored.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { type TestDatabase, sqliteDatabase } from "../helpers/databases";
import { nginxArgs, onPath, writeNginxConfig } from "../helpers/deploy";
import { FIRST_QUESTION, answer, deliveredResponses, newPairingCode, pairKiosk, waitForOutbox } from "../helpers/kiosk";
import { createAccount } from "../helpers/officials";
import { type RunningServer, freePort, startServer } from "../helpers/server";

const tools = ["nginx", "openssl"].filter((tool) => !onPath(tool));
if (tools.length > 0) {
  const message = `${tools.join(", ")} not installed (apt-get install -y ${tools.join(" ")}): HTTPS end to end is SKIPPED`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n⚠  ${message}\n`);
}

const THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.";
const FAILED = "Tên đăng nhập hoặc mật khẩu không đúng.";

function openssl(args: string[]): string {
  const result = spawnSync("openssl", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** A CA, and a certificate it signs for localhost and the loopback addresses; returns the files and the SPKI hash. */
function throwawayCertificates(dir: string) {
  const file = (name: string) => path.join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "2",
    "-subj", "/CN=HaiLong throwaway test CA", "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign"]); // prettier-ignore
  openssl(["req", "-new", ...ec, "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=localhost"]);
  fs.writeFileSync(
    file("server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3\nextendedKeyUsage=serverAuth\n"
  );
  openssl(["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
    "-CAcreateserial", "-out", file("server.pem"), "-days", "2", "-extfile", file("server.ext")]); // prettier-ignore
  // Chromium's --ignore-certificate-errors-spki-list: base64 SHA-256 of the certificate's public key.
  const publicKey = openssl(["x509", "-in", file("server.pem"), "-pubkey", "-noout"]);
  const der = spawnSync("openssl", ["pkey", "-pubin", "-outform", "der"], { input: publicKey });
  const hash = spawnSync("openssl", ["dgst", "-sha256", "-binary"], { input: der.stdout });
  return {
    ca: fs.readFileSync(file("ca.pem")),
    certFile: file("server.pem"),
    keyFile: file("server.key"),
    spki: hash.stdout.toString("base64"),
  };
}

interface Reply {
  status: number;
  text: string;
  setCookie: string[];
}

/** A same-origin form POST, over https through nginx or straight to the app, from a chosen loopback address. */
function post(
  url: string,
  form: Record<string, string>,
  options: { from: string; ca?: Buffer; origin: string; headers?: Record<string, string> }
): Promise<Reply> {
  const target = new URL(url);
  const body = new URLSearchParams(form).toString();
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        localAddress: options.from,
        agent: false,
        ca: options.ca,
        servername: "localhost",
        headers: {
          origin: options.origin,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text, setCookie: res.headers["set-cookie"] ?? [] }));
        res.on("error", reject);
      }
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe.skipIf(!hasBrowser || tools.length > 0)("HTTPS end to end through nginx (deploy/nginx/hailong.conf)", () => {
  let dir: string;
  let database: TestDatabase;
  let server: RunningServer;
  let nginx: ChildProcess | undefined;
  let certificates: ReturnType<typeof throwawayCertificates>;
  let httpsPort: number;
  let httpPort: number;
  let site: string;
  let appEnv: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-https-"));
    certificates = throwawayCertificates(dir);
    database = await sqliteDatabase().create();
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    site = `https://localhost:${httpsPort}`;
    // The app believes X-Forwarded-* from nginx's address only (nginx reaches it from 127.0.0.1).
    appEnv = { DATABASE_URL: database.url, TRUST_PROXY: "127.0.0.1", PUBLIC_URL: site };
    server = await startServer(appEnv);
    const nginxDir = path.join(dir, "nginx");
    fs.mkdirSync(nginxDir);
    const conf = writeNginxConfig({
      dir: nginxDir,
      certFile: certificates.certFile,
      keyFile: certificates.keyFile,
      httpPort,
      httpsPort,
      upstream: `127.0.0.1:${server.port}`,
    });
    let log = "";
    nginx = spawn("nginx", [...nginxArgs(nginxDir, conf), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stdout!.on("data", (d) => (log += d));
    nginx.stderr!.on("data", (d) => (log += d));
    // Wait on / through nginx (the app is already up).
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited:\n${log}`);
      const status = await new Promise<number>((resolve) => {
        https
          .get(`${site}/`, { ca: certificates.ca, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          })
          .on("error", () => resolve(0));
      });
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`nginx did not serve ${site}/ (last status ${status}):\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once("exit", resolve));
      nginx.kill("SIGQUIT");
      await exited;
    }
    await server?.stop();
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sends plain http to https", async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/kiosk`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`https://127.0.0.1/kiosk`);
  });

  it("pairs a kiosk over https, and keeps every answer through the app being stopped behind nginx", async () => {
    const context = await launchBrowser({
      args: [`--ignore-certificate-errors-spki-list=${certificates.spki}`],
    });
    try {
      const page = await pairKiosk(context, site, await newPairingCode(database.url, "99101-MC"));
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      // The service worker is active and has kept the page and what it loads.
      await page.waitForFunction(async () => {
        if (!navigator.serviceWorker.controller) return false;
        const cache = await caches.open("hailong-kiosk-v1");
        const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
        return paths.includes("/kiosk") && paths.some((p) => p.startsWith("/build/routes/kiosk._index-"));
      });
      const deviceCookie = (await context.cookies(site)).find((c) => c.name === "hl_device");
      expect(deviceCookie?.secure).toBe(true);

      const since = new Date().toISOString();
      await answer(page, "Hài lòng");
      await waitForOutbox(page, (records) => records.length === 0);

      // The app stops; nginx is still there and answers 502 for it.
      await server.stop();
      const bad = await page.evaluate(async () => (await fetch("/kiosk", { cache: "no-store" })).status);
      expect(bad).toBe(502);

      // The tablet reloads: the service worker serves the kept page instead of nginx's 502.
      await page.reload();
      await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
      await answer(page, "Không hài lòng", { reasons: ["Thời gian chờ đợi lâu"] });
      const waiting = await waitForOutbox(page, (records) => records.length === 1 && !records[0].draft);

      server = await startServer(appEnv, server.port);
      const stored = await deliveredResponses(database.url, since, 2, 60_000);
      expect(stored.map((r) => r.rating).sort()).toEqual(["dissatisfied", "satisfied"]);
      expect(stored.map((r) => r.id)).toContain(waiting[0].id);
      expect(new Set(stored.map((r) => r.id)).size).toBe(2);
      await waitForOutbox(page, (records) => records.length === 0);
      // Exactly once: nothing more arrives afterwards.
      expect(await deliveredResponses(database.url, since, 3, 2_000)).toHaveLength(2);
    } finally {
      await context.close();
    }
  });

  it("signs in over https with a Secure session cookie", async () => {
    const password = "mat-khau-dung-01";
    await createAccount(database.url, { username: "can.bo.https", role: "viewer", unit: "991", password });
    const reply = await post(
      `${site}/login`,
      { username: "can.bo.https", password },
      { from: "127.0.0.1", ca: certificates.ca, origin: site }
    );
    expect(reply.status, reply.text).toBe(302);
    const session = reply.setCookie.find((cookie) => cookie.startsWith("hl_session="));
    expect(session).toBeDefined();
    for (const cookie of reply.setCookie) expect(cookie).toMatch(/;\s*Secure\b/i);
  });

  it("throttles two clients behind nginx apart, by the address nginx forwards", async () => {
    const wrong = (from: string, i: number) =>
      post(
        `${site}/login`,
        { username: "hai.may.khach", password: `sai-mat-khau-${i}` },
        { from, ca: certificates.ca, origin: site }
      );
    for (let i = 0; i < 5; i++) expect((await wrong("127.0.0.2", i)).status).toBe(400);
    const sixth = await wrong("127.0.0.2", 5);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain(THROTTLED);
    // Another client, the same proxy: its own count. (A header it sends is replaced by nginx.)
    const other = await post(
      `${site}/login`,
      { username: "hai.may.khach", password: "sai-mat-khau-x" },
      { from: "127.0.0.3", ca: certificates.ca, origin: site, headers: { "x-forwarded-for": "127.0.0.2" } }
    );
    expect(other.status).toBe(400);
    expect(other.text).toContain(FAILED);
  });

  it("ignores X-Forwarded-For sent straight to the app from an address that is not the proxy", async () => {
    const direct = `http://127.0.0.1:${server.port}/login`;
    const forged = (i: number) =>
      post(
        direct,
        { username: "gia.mao", password: `sai-mat-khau-${i}` },
        // Each request claims another client: believed, none would ever be throttled.
        {
          from: "127.0.0.4",
          origin: `http://127.0.0.1:${server.port}`,
          headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
        }
      );
    for (let i = 0; i < 5; i++) expect((await forged(i)).status).toBe(400);
    const sixth = await forged(5);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain(THROTTLED);
  });
});
