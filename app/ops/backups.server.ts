/**
 * Database copies: the PostgreSQL tools' commands (for `hailong backup` and
 * the copy before an upgrade; the SQLite copy is db/sqlite-files.ts), and the backups
 * `hailong backup` leaves in BACKUP_DIR (files `hailong-…`), for readyz and /metrics.
 */
import fs from "node:fs";
import path from "node:path";
import type { DatabaseLocation } from "~db/connection";

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
