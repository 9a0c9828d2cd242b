/** readyz's checks in-process, where the failure is easier made real: a read-only database, a closed PostgreSQL port, a dead writer thread. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { migrateToLatest } from "~db/migrate";
import type { Database } from "~db/schema";
import { loadConfig } from "~/config.server";
import { startIngestWriter } from "~/ingest/writer.server";
import { readiness } from "~/ops/readiness.server";
import { freePort } from "../../helpers/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-ready-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const configFor = (url: string) =>
  loadConfig({ NODE_ENV: "test", DATABASE_URL: url, SESSION_SECRET: "s".repeat(40), READY_MIN_FREE_MB: "0" });

describe("readiness", () => {
  it("fails the database check on a SQLite database opened read-only, and passes it read-write", async () => {
    const file = path.join(dir, "ro.sqlite");
    const writable = openDatabase(`file:${file}`);
    await migrateToLatest(writable);
    const config = configFor(`file:${file}`);
    const green = await readiness({
      config,
      database: writable,
      db: writable.db,
      ingestWriter: null,
      now: () => new Date(),
    });
    expect(green.failing).toEqual([]);
    await writable.close();

    const sqlite = new SQLite(file, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const result = await readiness({
        config,
        database: { db, dialect: "sqlite", location: { dialect: "sqlite", file }, sqlite, close: () => db.destroy() },
        db,
        ingestWriter: null,
        now: () => new Date(),
      });
      expect(result.status).toBe("fail");
      expect(result.failing).toEqual(["database"]);
      expect(String(result.checks.database.error)).toMatch(/SQLITE_READONLY/);
    } finally {
      await db.destroy();
    }
  });

  it("fails the database and migrations checks when PostgreSQL does not answer", async () => {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/test`;
    const database = openDatabase(url);
    try {
      const result = await readiness({
        config: configFor(url),
        database,
        db: database.db,
        ingestWriter: null,
        now: () => new Date(),
      });
      expect(result.failing).toEqual(["database", "migrations"]);
      expect(String(result.checks.database.error)).toMatch(/ECONNREFUSED/);
    } finally {
      await database.close();
    }
  });

  it("fails the writer check when the writer thread dies", async () => {
    const file = path.join(dir, "w.sqlite");
    const database = openDatabase(`file:${file}`);
    await migrateToLatest(database);
    // A thread that runs and ends without ever answering: what a writer that crashed at start looks like.
    const entry = path.join(dir, "dead-writer.mjs");
    fs.writeFileSync(entry, "// ends at once\n");
    const errors: unknown[] = [];
    const writer = startIngestWriter(pathToFileURL(entry), { databaseUrl: `file:${file}`, sqliteSynchronous: "FULL" }, {
      error: (...args: unknown[]) => void errors.push(args),
    } as never);
    try {
      const result = await readiness({
        config: configFor(`file:${file}`),
        database,
        db: database.db,
        ingestWriter: writer,
        now: () => new Date(),
      });
      expect(result.failing).toEqual(["writer"]);
      expect(String(result.checks.writer.error)).toMatch(/exited/);
    } finally {
      await writer.close();
      await database.close();
    }
  });
});
