/**
 * GET /healthz, /readyz and /metrics against the built server
 * (docs/health-and-metrics.md): readiness failing check by check, the metrics
 * moving by exactly what was done, and who may read them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopback, postFrom } from "../helpers/addresses";
import { databaseFactories, sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { type NewDevice, newDevice } from "../helpers/kiosk";
import { getFrom, parseMetrics, sample } from "../helpers/metrics";
import { createAccount } from "../helpers/officials";
import { ROOT, type RunningServer, startServer } from "../helpers/server";
import { item } from "../helpers/fixtures";

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

async function ready(server: RunningServer) {
  const res = await fetch(`${server.url}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as {
      status: string;
      failing: string[];
      checks: Record<string, { ok: boolean; skipped?: boolean }>;
    },
  };
}

describe.each(databaseFactories())("health, readiness and metrics on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let device: NewDevice;
  beforeAll(async () => {
    database = await factory.create();
    server = await startServer({ DATABASE_URL: database.url });
    device = await newDevice(database.url, "99101-MC");
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("healthz answers ok with the package version, uncached, without a cookie", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", version: VERSION });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("readyz is green with every check named", async () => {
    const { status, body } = await ready(server);
    expect(body.failing).toEqual([]);
    expect(status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(["backup", "database", "disk", "migrations", "writer"]);
    for (const check of Object.values(body.checks)) expect(check.ok).toBe(true);
    // The writer thread runs on SQLite only; no BACKUP_DIR here.
    expect(body.checks.writer.skipped).toBe(factory.dialect === "sqlite" ? undefined : true);
    expect(body.checks.backup.skipped).toBe(true);
  });

  it("metrics move by exactly the answers, refusals and wrong passwords sent", async () => {
    const post = (body: unknown, token = device.token) =>
      fetch(`${server.url}/api/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const status = await fetch(`${server.url}/api/v1/devices/status`, {
      method: "POST",
      headers: { authorization: `Bearer ${device.token}`, "content-type": "application/json" },
      body: JSON.stringify({ pending: 7, oldestPendingAgeSeconds: 60 }),
    });
    expect(status.status).toBe(200);
    await createAccount(database.url, {
      username: "can.bo.do",
      role: "viewer",
      unit: "991",
      password: "mat-khau-dung-01",
    });

    const before = parseMetrics((await getFrom(`${server.url.replace("localhost", "127.0.0.1")}/metrics`)).text);

    const a = item({ submittedAt: new Date().toISOString() });
    const b = item({ submittedAt: new Date().toISOString() });
    expect((await post({ responses: [a] })).status).toBe(200);
    // b created; a again: duplicate; a with another rating: conflict; two invalid.
    const res = await post({
      responses: [b, a, { ...a, rating: "neutral" }, { ...item(), rating: "great" }, { id: 5 }],
    });
    expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
      "created",
      "duplicate",
      "conflict",
      "invalid",
      "invalid",
    ]);
    const from = loopback(31);
    for (let i = 0; i < 3; i++) {
      const wrong = await postFrom(server.url, "/login", { username: "can.bo.do", password: `sai-${i}` }, { from });
      expect(wrong.status).toBe(400);
    }
    // Five failures per username and address: the next two are refused unchecked.
    for (let i = 3; i < 7; i++)
      await postFrom(server.url, "/login", { username: "can.bo.do", password: `sai-${i}` }, { from });
    await fetch(`${server.url}/admin/units/1`, { redirect: "manual" });

    const scrape = await getFrom(`${server.url.replace("localhost", "127.0.0.1")}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.headers["cache-control"]).toBe("no-store");
    const after = parseMetrics(scrape.text);
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('hailong_ingest_items_total{outcome="created"}')).toBe(2);
    expect(moved('hailong_ingest_items_total{outcome="duplicate"}')).toBe(1);
    expect(moved('hailong_ingest_items_total{outcome="conflict"}')).toBe(1);
    expect(moved('hailong_ingest_items_total{outcome="invalid"}')).toBe(2);
    expect(moved("hailong_login_failures_total")).toBe(5);
    expect(moved('hailong_throttled_requests_total{limit="sign_in"}')).toBe(2);
    // Two requests wrote rows: two group commits, three rows.
    expect(moved("hailong_ingest_group_commit_rows_count")).toBe(2);
    expect(moved("hailong_ingest_group_commit_rows_sum")).toBe(4);

    expect(sample(after, 'hailong_tablets{state="online"}')).toBe(1);
    expect(sample(after, "hailong_tablets_pending_answers")).toBe(7);
    expect(sample(after, "hailong_ingest_writer_queue_depth")).toBe(0);
    expect(sample(after, "hailong_database_size_bytes")).toBeGreaterThan(10_000);
    expect(sample(after, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);

    // Durations by route id and status class, never by raw URL.
    expect(moved('hailong_http_request_duration_seconds_count{route="api:/api/v1/responses",status="2xx"}')).toBe(2);
    expect(moved('hailong_http_request_duration_seconds_count{route="routes/_site.login",status="4xx"}')).toBe(7);
    expect(
      moved('hailong_http_request_duration_seconds_count{route="routes/_site.admin.units.$unitId",status="3xx"}')
    ).toBe(1);
    expect(scrape.text).not.toContain("/admin/units/1");
  });
});

describe("metrics from elsewhere than loopback", () => {
  const address = os.networkInterfaces()
    ? Object.values(os.networkInterfaces())
        .flat()
        .find((i) => i && i.family === "IPv4" && !i.internal)?.address
    : undefined;
  const token = "metrics-token-0123456789abcdef";
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    if (!address) return;
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url, HOST: "0.0.0.0", TRUST_PROXY: "1", METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it.skipIf(!address)("need the token; a forged X-Forwarded-For naming loopback does not stand in for it", async () => {
    const url = `http://${address}:${server.port}/metrics`;
    const get = (headers: Record<string, string> = {}) => getFrom(url, { from: address, headers });
    expect((await get()).status).toBe(404);
    expect((await get({ "x-forwarded-for": "127.0.0.1" })).status).toBe(404);
    expect((await get({ authorization: "Bearer wrong-token-0123456789abc" })).status).toBe(404);
    const allowed = await get({ authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain("hailong_ingest_items_total");
    // Loopback needs none — unless the request came through a proxy there (nginx on the same machine).
    expect((await getFrom(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(200);
    const proxied = `http://127.0.0.1:${server.port}/metrics`;
    expect((await getFrom(proxied, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(404);
    expect(
      (await getFrom(proxied, { headers: { "x-forwarded-for": "203.0.113.9", authorization: `Bearer ${token}` } }))
        .status
    ).toBe(200);
  });
  if (!address) it("(skipped: this machine has no non-loopback IPv4 address; the decision is unit-tested)", () => {});
});

describe("readyz fails on what it checks (SQLite)", () => {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const d of databases) await d.drop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  async function serverWith(env: Record<string, string>) {
    const database = await sqliteDatabase().create();
    databases.push(database);
    const server = await startServer({ DATABASE_URL: database.url, ...env });
    servers.push(server);
    return server;
  }

  it("a disk with less free space than READY_MIN_FREE_MB", async () => {
    const server = await serverWith({ READY_MIN_FREE_MB: String(100_000_000) });
    const { status, body } = await ready(server);
    expect(status).toBe(503);
    expect(body.failing).toEqual(["disk"]);
    expect(body.checks.disk).toMatchObject({ ok: false, minFreeMb: 100_000_000 });
  });

  it("no backup, then an old one, in BACKUP_DIR; a fresh one makes it green", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-backups-"));
    dirs.push(dir);
    const server = await serverWith({ BACKUP_DIR: dir, READY_MAX_BACKUP_AGE_HOURS: "26" });
    expect((await ready(server)).body.failing).toEqual(["backup"]);
    const file = path.join(dir, "hailong-20261201-010000Z.sqlite");
    fs.writeFileSync(file, "x");
    const old = new Date(Date.now() - 30 * 3_600_000);
    fs.utimesSync(file, old, old);
    const stale = await ready(server);
    expect(stale.status).toBe(503);
    expect(stale.body.failing).toEqual(["backup"]);
    expect(stale.body.checks.backup).toMatchObject({ ok: false, maxAgeHours: 26 });
    const backupAge = async () =>
      sample(
        parseMetrics((await getFrom(`http://127.0.0.1:${server.port}/metrics`)).text),
        "hailong_backup_age_seconds"
      );
    expect(Math.round((await backupAge()) / 3600)).toBe(30);
    fs.writeFileSync(path.join(dir, "hailong-20261204-010000Z.sqlite"), "x");
    expect((await ready(server)).status).toBe(200);
    expect(await backupAge()).toBeLessThan(60);
  });

  it("a database another connection keeps locked for writing", async () => {
    const database = await sqliteDatabase().create();
    databases.push(database);
    const server = await startServer({ DATABASE_URL: database.url });
    servers.push(server);
    const { default: SQLite } = await import("better-sqlite3");
    const other = new SQLite(database.url.slice("file:".length));
    other.exec("BEGIN EXCLUSIVE");
    try {
      const { status, body } = await ready(server);
      expect(status).toBe(503);
      expect(body.failing).toContain("database");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await ready(server)).status).toBe(200);
  });
});

describe.skipIf(!process.env.TEST_POSTGRES_URL)("readyz fails on PostgreSQL", () => {
  it("when the schema is dropped under the running server", async () => {
    const [, factory] = databaseFactories();
    const database = await factory.create();
    const server = await startServer({ DATABASE_URL: database.url });
    try {
      expect((await ready(server)).status).toBe(200);
      const schema = new URL(database.url).searchParams.get("schema")!;
      const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema "${schema}" cascade`);
      await client.end();
      const { status, body } = await ready(server);
      expect(status).toBe(503);
      expect(body.failing).toEqual(expect.arrayContaining(["database", "migrations"]));
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
