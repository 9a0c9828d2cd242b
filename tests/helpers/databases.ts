/**
 * The databases a suite runs on: a fresh SQLite file always, and a fresh
 * PostgreSQL schema when TEST_POSTGRES_URL is set. Each call makes a new,
 * empty database; `drop()` removes it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDatabase {
  dialect: "sqlite" | "postgres";
  url: string;
  /** Ingest commits on the server's writer thread (app/ingest/writer.server.ts), as `npm start` does on SQLite. */
  writerThread?: boolean;
  drop(): Promise<void>;
}

export type DatabaseFactory = {
  dialect: "sqlite" | "postgres";
  /** The dialect, and how ingest writes when that differs from in-process. */
  label: string;
  create(): Promise<TestDatabase>;
};

export function sqliteDatabase(options: { writerThread?: boolean } = {}): DatabaseFactory {
  return {
    dialect: "sqlite",
    label: options.writerThread ? "sqlite (writer thread)" : "sqlite",
    async create() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-db-"));
      return {
        dialect: "sqlite",
        url: `file:${path.join(dir, "hailong.sqlite")}`,
        writerThread: options.writerThread,
        async drop() {
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function postgresDatabase(baseUrl: string): DatabaseFactory {
  return {
    dialect: "postgres",
    label: "postgres",
    async create() {
      const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
      const url = new URL(baseUrl);
      url.searchParams.set("schema", schema);
      return {
        dialect: "postgres",
        url: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: baseUrl });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/** SQLite, plus PostgreSQL when TEST_POSTGRES_URL is set. */
export function databaseFactories(): DatabaseFactory[] {
  const url = process.env.TEST_POSTGRES_URL;
  return url ? [sqliteDatabase(), postgresDatabase(url)] : [sqliteDatabase()];
}

/**
 * For the ingest suites: `databaseFactories()`, plus SQLite with ingest on
 * the writer thread the server uses (its worker runs the built bundle).
 */
export function ingestDatabaseFactories(): DatabaseFactory[] {
  return [...databaseFactories(), sqliteDatabase({ writerThread: true })];
}
