/**
 * Statements run on a better-sqlite3 handle itself, not through Kysely: the
 * consistent copy of `hailong backup` and the copy before an upgrade, the
 * checks `hailong restore` makes on a file before it replaces the database,
 * and the ingest writer thread's synchronous ping.
 */
import fs from "node:fs";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";

/** Copy every page in one step: one read transaction, so one consistent snapshot (see copyDatabase). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies an open database into `file` with the backup API. Each step holds a
 * read lock only while it runs, and a write from another connection between
 * steps restarts the copy; copying all pages in one step makes it a single
 * snapshot that writers cannot restart forever.
 */
export async function copyDatabase(source: SQLite.Database, file: string): Promise<void> {
  await source.backup(file, { progress: () => ALL_PAGES });
  // A self-contained file: no -wal beside it to lose when it is moved.
  const copy = new SQLite(file);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the schema table: throws when the handle cannot read its file as a database. */
export function readSchemaTable(sqlite: SQLite.Database): void {
  sqlite.prepare("select count(*) from sqlite_master").get();
}

/** What a backup or restore reports of a database file. */
export interface DatabaseSummary {
  units: number;
  desks: number;
  responses: number;
  /** The newest migration applied, "-" for none. */
  version: string;
}

export function summariseDatabase(sqlite: SQLite.Database): DatabaseSummary {
  const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const newest = sqlite.prepare("select max(name) as name from kysely_migration").get() as { name: string | null };
  return {
    units: count("units"),
    desks: count("desks"),
    responses: count("responses"),
    version: newest.name ?? "-",
  };
}

/** The database's tables, SQLite's own left out. */
export function tableNames(sqlite: SQLite.Database): string[] {
  return (
    sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** The tables a database migrated by this code has (kysely's own included). */
export async function migratedTableNames(): Promise<string[]> {
  const sqlite = new SQLite(":memory:");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest({
      db,
      dialect: "sqlite",
      location: { dialect: "sqlite", file: ":memory:" },
      sqlite,
      close: () => db.destroy(),
    });
    return tableNames(sqlite);
  } finally {
    await db.destroy();
  }
}

/** The names of the migrations the file has run (kysely's own table), synchronously. */
export function migrationNames(sqlite: SQLite.Database): string[] {
  return (sqlite.prepare("select name from kysely_migration").all() as { name: string }[]).map((r) => r.name);
}

/** SQLite's integrity check: ["ok"] for a sound file, else the problems it found. */
export function integrityProblems(sqlite: SQLite.Database): string[] {
  return (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
}

/**
 * Whether another process has the database file open: every connection to a
 * WAL database holds a shared lock on its file, so an exclusive lock taken
 * without waiting fails (SQLITE_BUSY) while a server runs, even when it is
 * idle. A file that is not a database at all (or unreadable) is not in use.
 */
export function databaseInUse(file: string): boolean {
  let probe: SQLite.Database | undefined;
  try {
    probe = new SQLite(file, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("ROLLBACK");
    return false;
  } catch (error) {
    return String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY");
  } finally {
    probe?.close();
  }
}
