/**
 * Upgrades (docs/health-and-metrics.md «Upgrades»): a database behind the
 * code is backed up, then migrated, by the server's start and by
 * `hailong upgrade`; one newer than the code is refused by both, unchanged.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSchema, openDatabase } from "~db/connection";
import { LATEST_MIGRATION } from "~db/migrate";
import { migrations } from "~db/migrations";
import { runCli } from "~/cli/main.server";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";
import { BUILD, ROOT, TEST_SESSION_SECRET, freePort, requireFreshBuild, startServer } from "../../helpers/server";

const PREVIOUS = Object.keys(migrations).sort().at(-2)!;
const FUTURE = "2099_01_01_0000_from_a_newer_hailong";

/** A database as the previous release left it: migrated up to PREVIOUS, with a unit in it. */
async function oldSchema(url: string): Promise<void> {
  const handle = openDatabase(url);
  try {
    await ensureSchema(handle);
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => migrations },
      allowUnorderedMigrations: true,
      ...(handle.location.dialect === "postgres" && handle.location.schema
        ? { migrationTableSchema: handle.location.schema }
        : {}),
    });
    expect((await migrator.migrateTo(PREVIOUS)).error).toBeUndefined();
    await handle.db
      .insertInto("units")
      .values({
        code: "77001",
        name: "Xã Thử Nâng Cấp",
        level: "commune",
        parent_id: null,
        created_at: new Date().toISOString(),
      } as never)
      .execute();
  } finally {
    await handle.close();
  }
}

async function applied(url: string): Promise<string[]> {
  const handle = openDatabase(url);
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    return rows.map((r) => r.name);
  } finally {
    await handle.close();
  }
}

async function addFutureMigration(url: string): Promise<void> {
  const handle = openDatabase(url);
  try {
    await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(
      handle.db
    );
  } finally {
    await handle.close();
  }
}

async function cli(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    { NODE_ENV: "test", SESSION_SECRET: TEST_SESSION_SECRET, ...env }
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Runs the built server until it exits on its own (or 30 s); its exit code and output. */
async function runServerToExit(env: Record<string, string>) {
  requireFreshBuild();
  const child = spawn(process.execPath, [BUILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      SESSION_SECRET: TEST_SESSION_SECRET,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe.each(databaseFactories())("upgrades on $dialect", (factory) => {
  let backupDir: string;
  const databases: TestDatabase[] = [];
  beforeAll(() => {
    backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-upgrade-"));
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
    fs.rmSync(backupDir, { recursive: true, force: true });
  });
  const fresh = async () => {
    const database = await factory.create();
    databases.push(database);
    return database;
  };
  const backups = () =>
    fs
      .readdirSync(backupDir)
      .filter((n) => n.startsWith("hailong-pre-upgrade-"))
      .sort();

  it("the server's start backs up an old-schema database, then migrates it", async () => {
    const database = await fresh();
    await oldSchema(database.url);
    const before = backups();
    const server = await startServer({ DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    try {
      const added = backups().filter((n) => !before.includes(n));
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^hailong-pre-upgrade-\d{8}-\d{6}Z\.(sqlite|dump)$/);
      expect(server.output()).toContain(
        `Đã sao lưu cơ sở dữ liệu trước khi cập nhật cấu trúc: ${path.join(backupDir, added[0])}`
      );
      expect(server.output()).toContain(`Đã cập nhật cấu trúc cơ sở dữ liệu từ ${PREVIOUS} lên ${LATEST_MIGRATION}`);
      expect(await applied(database.url)).toContain(LATEST_MIGRATION);
      const file = path.join(backupDir, added[0]);
      if (factory.dialect === "sqlite") {
        // The copy is the database as it was: the old schema, the unit kept.
        const copy = new SQLite(file, { readonly: true });
        try {
          const names = (copy.prepare("select name from kysely_migration").all() as { name: string }[]).map(
            (r) => r.name
          );
          expect(names).toContain(PREVIOUS);
          expect(names).not.toContain(LATEST_MIGRATION);
          expect(copy.prepare("select name from units where code = '77001'").get()).toEqual({
            name: "Xã Thử Nâng Cấp",
          });
        } finally {
          copy.close();
        }
      } else {
        expect(fs.readFileSync(file).subarray(0, 5).toString("latin1")).toBe("PGDMP");
        const listing = spawnSync("pg_restore", ["--list", file], { encoding: "utf8" });
        expect(listing.stdout).toContain("TABLE DATA");
        expect(listing.stdout).toContain("units");
      }
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("`upgrade` backs up an old-schema database, migrates it, and then has nothing to do", async () => {
    const database = await fresh();
    await oldSchema(database.url);
    const before = backups();
    const first = await cli(["upgrade"], { DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const added = backups().filter((n) => !before.includes(n));
    expect(added).toHaveLength(1);
    expect(first.out).toContain(path.join(backupDir, added[0]));
    expect(first.out).toContain(`lên ${LATEST_MIGRATION} (1 bước: ${LATEST_MIGRATION})`);
    const second = await cli(["upgrade"], { DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    expect(second.out).toBe(
      `Cơ sở dữ liệu đã ở phiên bản cấu trúc mới nhất (${LATEST_MIGRATION}); không cần cập nhật.`
    );
    expect(backups()).toHaveLength(before.length + 1);
  });

  it("a database newer than the code: the server refuses to start and `upgrade` refuses, both leaving it as it was", async () => {
    const database = await fresh();
    await cli(["migrate"], { DATABASE_URL: database.url });
    await addFutureMigration(database.url);
    const before = backups();

    const run = await runServerToExit({ DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `mới hơn bản HaiLong này (bản này chỉ biết đến ${LATEST_MIGRATION}; các bước cập nhật lạ: ${FUTURE})`
    );
    expect(run.stderr).toContain("Hãy cài lại phiên bản HaiLong mới hơn");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).not.toContain("HaiLong đang chạy");

    const upgrade = await cli(["upgrade"], { DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    expect(upgrade.code).toBe(1);
    expect(upgrade.err).toContain(FUTURE);
    const other = await cli(["desk:list"], { DATABASE_URL: database.url });
    expect(other.code).toBe(1);
    expect(other.err).toContain(FUTURE);

    expect(backups()).toEqual(before);
    expect(await applied(database.url)).toContain(FUTURE);
  });
});

describe.skipIf(!process.env.TEST_POSTGRES_URL)("upgrade on PostgreSQL without pg_dump", () => {
  it("prints the pg_dump command and migrates only with --backup-done", async () => {
    const [, factory] = databaseFactories();
    const database = await factory.create();
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-bin-"));
    try {
      await oldSchema(database.url);
      // A PATH with node and nothing else: no pg_dump.
      fs.symlinkSync(process.execPath, path.join(bin, "node"));
      const run = (...args: string[]) =>
        spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["app/cli.ts", "upgrade", ...args], {
          cwd: ROOT,
          env: {
            PATH: bin,
            NODE_ENV: "test",
            SESSION_SECRET: TEST_SESSION_SECRET,
            DATABASE_URL: database.url,
            BACKUP_DIR: bin,
          },
          encoding: "utf8",
        });
      const refused = run();
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("không có pg_dump");
      expect(refused.stderr).toContain("pg_dump --format=custom");
      expect(refused.stderr).toContain("upgrade --backup-done");
      expect(await applied(database.url)).not.toContain(LATEST_MIGRATION);
      const done = run("--backup-done");
      expect(done.stderr).toBe("");
      expect(done.status).toBe(0);
      expect(await applied(database.url)).toContain(LATEST_MIGRATION);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
      await database.drop();
    }
  });
});
