/**
 * Database copies: a consistent SQLite copy and the PostgreSQL tools' commands
 * (for `hailong backup` and the copy before an upgrade), and the backups
 * `hailong backup` leaves in BACKUP_DIR (files `hailong-…`), for readyz and /metrics.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { DatabaseLocation } from "~db/connection";

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

/** Single-quoted for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The PostgreSQL tools' commands for this DATABASE_URL; a password is left out (PGPASSWORD). */
export function postgresCommands(location: Extract<DatabaseLocation, { dialect: "postgres" }>, file: string) {
  const url = new URL(location.connectionString);
  const hasPassword = url.password !== "";
  url.password = "";
  const connection = shellQuote(url.toString());
  const schema = location.schema ? ` --schema=${location.schema}` : "";
  return {
    dump: `pg_dump --format=custom${schema} --file=${shellQuote(file)} ${connection}`,
    restore: `pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${connection} ${shellQuote(
      file
    )}`,
    hasPassword,
  };
}

/** The newest `hailong-*` file in `dir` (by modification time), or null when there is none or no folder. */
export function newestBackup(dir: string): { file: string; mtimeMs: number } | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  let newest: { file: string; mtimeMs: number } | null = null;
  for (const name of names) {
    // Partial copies are hidden (`.hailong-….part`) and so never counted.
    if (!name.startsWith("hailong-")) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: stat.mtimeMs };
    } catch {
      // removed meanwhile (the backup timer keeps the last N)
    }
  }
  return newest;
}
