/**
 * backup and restore against the built server: a backup taken while tablets
 * keep posting is a consistent snapshot, restores into a new file with the
 * same counts and rates, and a restore refuses anything it should not apply.
 */
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DB, openDatabase } from "~db/connection";
import { LATEST_MIGRATION } from "~db/migrate";
import { migrations } from "~db/migrations";
import { rebuildRollups } from "~db/repositories/rollups";
import type { Database } from "~db/schema";
import { runCli } from "~/cli/main.server";
import { getT } from "~/i18n/i18n.server";
import { postgresDatabase } from "../../helpers/databases";
import { newDevice } from "../../helpers/kiosk";
import { rollupSnapshot } from "../../helpers/rollups";
import { startServer, useServer } from "../../helpers/server";
import { TOOLS } from "../../helpers/tools";

const t = getT("vi");
const RATINGS = ["very_satisfied", "satisfied", "neutral", "dissatisfied"] as const;

function envFor(databaseUrl: string): NodeJS.ProcessEnv {
  return { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: "x".repeat(40) };
}

async function cli(argv: string[], databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    envFor(databaseUrl)
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A database file opened read-only, so that looking changes nothing (openDatabase would switch it to WAL). */
async function withReadOnly<T>(file: string, use: (db: DB, sqlite: SQLite.Database) => Promise<T>): Promise<T> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    return await use(db, sqlite);
  } finally {
    await db.destroy();
  }
}

async function tableCounts(db: DB) {
  const count = async (table: "units" | "desks" | "devices" | "responses") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n
    );
  return {
    units: await count("units"),
    desks: await count("desks"),
    devices: await count("devices"),
    responses: await count("responses"),
  };
}

async function responseIds(db: DB): Promise<Set<string>> {
  return new Set((await db.selectFrom("responses").select("id").execute()).map((r) => r.id));
}

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function item(i: number) {
  const rating = RATINGS[i % RATINGS.length];
  return {
    id: crypto.randomUUID(),
    submittedAt: new Date().toISOString(),
    questionnaireVersion: 1,
    rating,
    ...(rating === "dissatisfied" ? { reasons: i % 3 === 0 ? ["harassment"] : ["long_wait"] } : {}),
    ...(i % 2 === 0 ? { onTime: i % 4 === 0 } : {}),
  };
}

async function post(url: string, token: string, items: unknown[]) {
  const res = await fetch(`${url}/api/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ responses: items }),
  });
  return { status: res.status, body: (await res.json()) as { results?: { id: string; status: string }[] } };
}

/** Tablets posting batches until stopped; remembers every id the server answered `created`. */
function loadGenerator(url: string, tokens: string[], concurrency = 4, batch = 10) {
  const created: string[] = [];
  const failures: string[] = [];
  let stopped = false;
  let n = 0;
  const workers = Array.from({ length: concurrency }, async (_, w) => {
    while (!stopped) {
      const items = Array.from({ length: batch }, () => item(n++));
      const { status, body } = await post(url, tokens[w % tokens.length], items);
      if (status !== 200) failures.push(`${status} ${JSON.stringify(body)}`);
      for (const r of body.results ?? []) {
        if (r.status === "created") created.push(r.id);
        else failures.push(JSON.stringify(r));
      }
    }
  });
  return {
    created,
    failures,
    async untilCreated(count: number) {
      while (created.length < count && failures.length === 0) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

/** Whether `message` is the translation of `key` with `params`, the params given as null matching anything. */
function translationPattern(key: string, params: Record<string, string | null>): RegExp {
  const holes: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) holes[k] = v ?? `\u0000${k}\u0000`;
  const escaped = t(key, holes).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // eslint-disable-next-line no-control-regex -- NUL marks the placeholders set above; it cannot occur in a message
  return new RegExp(`^${escaped.replace(/\u0000\w+\u0000/g, ".+")}$`);
}

describe("backup and restore on SQLite, under load", () => {
  const running = useServer();
  let work: string;
  let backupFile: string;
  let restoredFile: string;
  let tokens: string[];
  let load: ReturnType<typeof loadGenerator>;
  let ackedBeforeBackup: string[];
  let backupOutput: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-backup-"));
    backupFile = path.join(work, "backup.sqlite");
    restoredFile = path.join(work, "restored", "hailong.sqlite");
    tokens = [
      (await newDevice(running.database.url, "99101-MC")).token,
      (await newDevice(running.database.url, "99-TTPVHCC")).token,
    ];
    load = loadGenerator(running.server.url, tokens);
    await load.untilCreated(300);
    ackedBeforeBackup = [...load.created];
    const result = await cli(["backup", backupFile], running.database.url);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    backupOutput = result.out;
    // The tablets go on after the backup, so the live database moves past it.
    await load.untilCreated(load.created.length + 300);
    await load.stop();
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("serves every request while the backup runs", () => {
    expect(load.failures).toEqual([]);
  });

  it("takes a consistent snapshot: everything acknowledged before it, nothing half-counted", async () => {
    const live = openDatabase(running.database.url);
    try {
      const liveIds = await responseIds(live.db);
      await withReadOnly(backupFile, async (db) => {
        const ids = await responseIds(db);
        // A prefix of the live database: what was acknowledged before the backup began is in it…
        expect(ackedBeforeBackup.filter((id) => !ids.has(id))).toEqual([]);
        // …everything in it is in the live database, which has moved on since.
        expect([...ids].filter((id) => !liveIds.has(id))).toEqual([]);
        expect(ids.size).toBeLessThan(liveIds.size);
        // Each response in the backup is counted by its rollups, exactly once.
        const day = await db
          .selectFrom("rollup_day")
          .select((eb) => [eb.fn.sum<number>("total").as("total"), eb.fn.sum<number>("suspect").as("suspect")])
          .executeTakeFirstOrThrow();
        expect(Number(day.total) + Number(day.suspect)).toBe(ids.size);
        const stored = await rollupSnapshot(db);
        const scratch = path.join(work, "scratch.sqlite");
        fs.copyFileSync(backupFile, scratch);
        const rebuilt = openDatabase(`file:${scratch}`);
        try {
          await rebuildRollups(rebuilt.db);
          expect(await rollupSnapshot(rebuilt.db)).toEqual(stored);
        } finally {
          await rebuilt.close();
        }
        const counts = await tableCounts(db);
        expect(backupOutput).toBe(
          t("cli:backup.written", {
            file: backupFile,
            bytes: fs.statSync(backupFile).size,
            units: counts.units,
            desks: counts.desks,
            responses: counts.responses,
            version: LATEST_MIGRATION,
          })
        );
      });
      expect(fs.readdirSync(work).filter((f) => f.includes(".part"))).toEqual([]);
    } finally {
      await live.close();
    }
  });

  it("restores into a new file with the same counts, rollups and rates", async () => {
    const backupHash = sha256(backupFile);
    const result = await cli(["restore", backupFile], `file:${restoredFile}`);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(sha256(backupFile)).toBe(backupHash);

    const fromBackup = await withReadOnly(backupFile, async (db) => ({
      counts: await tableCounts(db),
      ids: await responseIds(db),
      rollups: await rollupSnapshot(db),
    }));
    const fromRestored = await withReadOnly(restoredFile, async (db) => ({
      counts: await tableCounts(db),
      ids: await responseIds(db),
      rollups: await rollupSnapshot(db),
    }));
    expect(fromRestored.counts).toEqual(fromBackup.counts);
    expect(fromRestored.ids).toEqual(fromBackup.ids);
    expect(fromRestored.rollups).toEqual(fromBackup.rollups);
    expect(result.out).toBe(
      t("cli:restore.done", {
        file: backupFile,
        target: restoredFile,
        units: fromBackup.counts.units,
        desks: fromBackup.counts.desks,
        responses: fromBackup.counts.responses,
        version: LATEST_MIGRATION,
      })
    );

    // The rates report, from the rollups, reads the same on the backup and on the restored database.
    const copyOfBackup = path.join(work, "report-copy.sqlite");
    fs.copyFileSync(backupFile, copyOfBackup);
    const period = new Date().toISOString().slice(0, 4);
    const args = ["report", "--period", period, "--by", "unit", "--format", "json"];
    const [a, b] = [await cli(args, `file:${copyOfBackup}`), await cli(args, `file:${restoredFile}`)];
    expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, "", ""]);
    const report = JSON.parse(b.out) as { groups: { total: number }[] };
    expect(report.groups.reduce((sum, g) => sum + g.total, 0)).toBeGreaterThan(0);
    expect(b.out).toBe(a.out);
  });

  it("serves the restored database: its tablets still sign in and store", async () => {
    const server = await startServer({ DATABASE_URL: `file:${restoredFile}` });
    try {
      const { status, body } = await post(server.url, tokens[0], [item(1)]);
      expect(status).toBe(200);
      expect(body.results?.[0].status).toBe("created");
    } finally {
      await server.stop();
    }
  });

  describe("refusals leave the target untouched", () => {
    let target: string;
    let targetHash: string;

    beforeAll(async () => {
      target = path.join(work, "target", "hailong.sqlite");
      fs.mkdirSync(path.dirname(target));
      fs.copyFileSync(backupFile, target);
      targetHash = sha256(target);
    });

    async function refused(file: string) {
      const result = await cli(["restore", file], `file:${target}`);
      expect(result.out).toBe("");
      expect(sha256(target)).toBe(targetHash);
      expect(fs.readdirSync(path.dirname(target))).toEqual(["hailong.sqlite"]);
      return result;
    }

    /** A copy of the backup changed by `change`. */
    function alteredBackup(name: string, change: (sqlite: SQLite.Database) => void): string {
      const file = path.join(work, name);
      fs.copyFileSync(backupFile, file);
      const sqlite = new SQLite(file);
      try {
        change(sqlite);
      } finally {
        sqlite.close();
      }
      return file;
    }

    it("a file that is not an SQLite database", async () => {
      const file = path.join(work, "responses.csv");
      fs.writeFileSync(file, "id,rating\n1,satisfied\n");
      const result = await refused(file);
      expect(result).toMatchObject({ code: 1, err: t("cli:restore.not_sqlite", { file }) });
    });

    it("an SQLite database without HaiLong's tables", async () => {
      const file = path.join(work, "other.sqlite");
      const sqlite = new SQLite(file);
      sqlite.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('x')");
      sqlite.close();
      const result = await refused(file);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(translationPattern("cli:restore.not_hailong", { file, tables: null }));
      expect(result.err).toContain("responses");
    });

    it("a backup from an older schema version", async () => {
      const previous = Object.keys(migrations).sort().at(-2)!;
      const file = alteredBackup("older.sqlite", (s) =>
        s.prepare("delete from kysely_migration where name = ?").run(LATEST_MIGRATION)
      );
      const result = await refused(file);
      expect(result).toMatchObject({
        code: 1,
        err: t("cli:restore.older", { file, found: previous, expected: LATEST_MIGRATION, missing: LATEST_MIGRATION }),
      });
    });

    it("a backup from a newer schema version", async () => {
      const future = "2099_01_01_0000_from_the_future";
      const file = alteredBackup("newer.sqlite", (s) =>
        s.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run(future, new Date().toISOString())
      );
      const result = await refused(file);
      expect(result).toMatchObject({
        code: 1,
        err: t("cli:restore.newer", { file, found: future, expected: LATEST_MIGRATION, unknown: future }),
      });
    });

    it("a damaged backup (PRAGMA integrity_check)", async () => {
      // Overwrite one index's root page: the file opens and its tables read, but the index is garbage.
      const file = alteredBackup("damaged.sqlite", () => {});
      const { rootpage, pageSize } = await withReadOnly(file, async (_db, s) => ({
        rootpage: (
          s
            .prepare("select rootpage from sqlite_master where type = 'index' and tbl_name = 'responses' limit 1")
            .get() as { rootpage: number }
        ).rootpage,
        pageSize: s.pragma("page_size", { simple: true }) as number,
      }));
      const fd = fs.openSync(file, "r+");
      fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
      fs.closeSync(fd);
      const result = await refused(file);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(translationPattern("cli:restore.corrupt", { file, details: null }));
    });

    it("a missing file, and no file named at all", async () => {
      const file = path.join(work, "nothing-here.sqlite");
      expect(await refused(file)).toMatchObject({ code: 1, err: t("cli:restore.not_found", { file }) });
      const none = await cli(["restore"], `file:${target}`);
      expect(none).toMatchObject({ code: 2, err: t("cli:restore.file_required") });
    });

    it("while the server is using the database", async () => {
      const live = running.database.url.slice("file:".length);
      const before = await withReadOnly(live, (db) => tableCounts(db));
      const result = await cli(["restore", backupFile], running.database.url);
      expect(result).toMatchObject({ code: 1, err: t("cli:restore.in_use", { target: live }) });
      expect(await withReadOnly(live, (db) => tableCounts(db))).toEqual(before);
      const { status, body } = await post(running.server.url, tokens[1], [item(2)]);
      expect([status, body.results?.[0].status]).toEqual([200, "created"]);
    });
  });

  it("backup refuses to overwrite a file unless --force, and writes whole files only", async () => {
    const file = path.join(work, "existing.sqlite");
    fs.writeFileSync(file, "keep me");
    const refusedResult = await cli(["backup", file], running.database.url);
    expect(refusedResult).toMatchObject({ code: 1, err: t("cli:backup.exists", { file }) });
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");

    const forced = await cli(["backup", file, "--force"], running.database.url);
    expect([forced.code, forced.err]).toEqual([0, ""]);
    expect(fs.readFileSync(file).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");

    const folder = path.join(work, "no", "such");
    const missing = await cli(["backup", path.join(folder, "x.sqlite")], running.database.url);
    expect(missing).toMatchObject({ code: 2, err: t("cli:no_folder", { folder }) });
    expect(fs.readdirSync(work).filter((f) => f.includes(".part"))).toEqual([]);
  });
});

describe.runIf(process.env.TEST_POSTGRES_URL)("backup and restore on PostgreSQL", () => {
  const factory = postgresDatabase(process.env.TEST_POSTGRES_URL ?? "");
  let database: Awaited<ReturnType<typeof factory.create>>;
  let work: string;
  beforeAll(async () => {
    database = await factory.create();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-pgdump-"));
    expect((await cli(["seed-demo"], database.url)).code).toBe(0);
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("prints pg_dump and pg_restore commands for the schema, and they work", async (ctx) => {
    const schema = new URL(database.url).searchParams.get("schema")!;
    const file = path.join(work, "hailong.dump");
    const result = await cli(["backup", file], database.url);
    expect([result.code, result.err]).toEqual([0, ""]);
    const dump = result.out
      .split("\n")
      .find((l) => l.trim().startsWith("pg_dump"))!
      .trim();
    const restore = result.out
      .split("\n")
      .find((l) => l.trim().startsWith("pg_restore"))!
      .trim();
    expect(dump).toContain(`--schema=${schema}`);
    expect(dump).not.toMatch(/[?&]schema=/);
    expect(result.out).toBe(t("cli:backup.postgres", { dump, restore }));
    expect(fs.existsSync(file)).toBe(false); // printed, not run

    // Running them needs the PostgreSQL client tools (CI installs them; elsewhere a visible skip).
    if (!TOOLS.pg_dump.available) return ctx.skip();
    const count = async () => {
      const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
      await client.connect();
      try {
        return Number((await client.query(`select count(*) as n from "${schema}".responses`)).rows[0].n);
      } finally {
        await client.end();
      }
    };
    const stored = await count();
    expect(stored).toBeGreaterThan(0);
    execSync(dump, { stdio: "pipe" });
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`delete from "${schema}".responses`);
    await client.end();
    expect(await count()).toBe(0);
    execSync(restore, { stdio: "pipe" });
    expect(await count()).toBe(stored);

    const printed = await cli(["restore", file], database.url);
    expect(printed).toMatchObject({ code: 0, out: t("cli:restore.postgres", { restore }) });
  });
});
