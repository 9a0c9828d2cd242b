/**
 * backup, restore.
 *
 * These work on database files rather than through the app's connection, so
 * they use better-sqlite3 directly: SQLite's online backup API copies a
 * consistent snapshot while the server keeps writing, and a restore checks a
 * file read-only before anything is replaced (the statements are in
 * db/sqlite-files.ts). PostgreSQL has its own tools;
 * for it both commands print the pg_dump / pg_restore command to run.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { parseDatabaseUrl } from "~db/connection";
import { LATEST_MIGRATION } from "~db/migrate";
import { migrations } from "~db/migrations";
import {
  type DatabaseSummary,
  copyDatabase,
  databaseInUse,
  integrityProblems,
  migratedTableNames,
  migrationNames,
  readSchemaTable,
  summariseDatabase,
  tableNames,
} from "~db/sqlite-files";
import { type CliCommand, type CommandContext, CommandError, type FileCommand, UsageError } from "./command";
import { postgresCommands } from "~/ops/backups.server";
import { partialName, requireFolderOf } from "./files.server";

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
/** Makes a rename in `dir` durable (not supported everywhere; best effort). */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot open a folder for fsync; the rename itself is still atomic.
  }
}

function removeSqliteFile(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

function fileArgument(positionals: string[], t: CommandContext["t"], command: "backup" | "restore"): string {
  if (positionals.length !== 1 || !positionals[0].trim()) throw new UsageError(t(`cli:${command}.file_required`));
  return path.resolve(positionals[0]);
}

/** Dated backups in BACKUP_DIR: UTC, so that names sort in time order (readyz reads the newest). */
const DATED_BACKUP = /^hailong-\d{8}-\d{6}Z\.sqlite$/;

export function datedBackupName(at: Date): string {
  const iso = at.toISOString(); // 2026-12-04T02:00:00.000Z
  return `hailong-${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}Z.sqlite`;
}

/** Removes the oldest dated backups beyond `keep`; returns the removed names. */
function pruneBackups(dir: string, keep: number): string[] {
  const dated = fs
    .readdirSync(dir)
    .filter((name) => DATED_BACKUP.test(name))
    .sort();
  const removed = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return removed;
}

export const backup: CliCommand = {
  name: "backup",
  options: { force: { type: "boolean" } },
  async run(ctx, values, positionals) {
    const { app, t, io } = ctx;
    const dir = app.config.backupDir;
    if (positionals.length > 0 || !dir) return writeBackup(ctx, values, fileArgument(positionals, t, "backup"));
    // Folder mode (the nightly timer): a dated file, then the oldest beyond BACKUP_KEEP go.
    // Any failure is one error line and a non-zero exit, for the journal and systemd.
    const name = datedBackupName(app.now());
    // PostgreSQL: the pg_dump command to run is printed, naming a dated custom-format file.
    const file = path.join(dir, app.database.location.dialect === "postgres" ? name.replace(/sqlite$/, "dump") : name);
    try {
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new CommandError(t("cli:no_folder", { folder: dir }));
      }
      fs.accessSync(dir, fs.constants.W_OK);
      await writeBackup(ctx, values, file);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new CommandError(t("cli:backup.failed", { dir, message }));
    }
    if (app.database.location.dialect !== "sqlite") return;
    const removed = pruneBackups(dir, app.config.backupKeep);
    if (removed.length > 0) io.out(t("cli:backup.pruned", { count: removed.length, keep: app.config.backupKeep }));
  },
};

async function writeBackup(
  { app, t, io }: CommandContext,
  values: Record<string, unknown>,
  file: string
): Promise<void> {
  const { location, sqlite } = app.database;
  if (location.dialect === "postgres") {
    const commands = postgresCommands(location, file);
    io.out(t("cli:backup.postgres", { dump: commands.dump, restore: commands.restore }));
    if (commands.hasPassword) io.out(t("cli:backup.postgres_password"));
    return;
  }
  if (!sqlite) throw new Error("SQLite handle missing");
  if (file === location.file) throw new UsageError(t("cli:backup.same_as_database", { file }));
  requireFolderOf(file, t);
  const force = values.force === true;
  if (!force && fs.existsSync(file)) throw new CommandError(t("cli:backup.exists", { file }));

  const partial = partialName(file);
  try {
    removeSqliteFile(partial);
    await copyDatabase(sqlite, partial);
    const copy = new SQLite(partial, { readonly: true, fileMustExist: true });
    let summary: DatabaseSummary;
    try {
      summary = summariseDatabase(copy);
    } finally {
      copy.close();
    }
    // Checked again: the copy may have taken a while.
    if (!force && fs.existsSync(file)) throw new CommandError(t("cli:backup.exists", { file }));
    fs.renameSync(partial, file);
    syncFolder(path.dirname(file));
    io.out(t("cli:backup.written", { file, bytes: fs.statSync(file).size, ...summary }));
  } finally {
    removeSqliteFile(partial);
  }
}

function isSqliteFile(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks that `sqlite` is a sound HaiLong database at this code's schema version; throws a CommandError if not. */
async function checkBackup(sqlite: SQLite.Database, file: string, t: CommandContext["t"]): Promise<void> {
  const present = new Set(tableNames(sqlite));
  const missing = (await migratedTableNames()).filter((name) => !present.has(name));
  if (missing.length > 0) throw new CommandError(t("cli:restore.not_hailong", { file, tables: missing.join(", ") }));

  const applied = migrationNames(sqlite);
  const found = applied.length > 0 ? [...applied].sort().at(-1)! : "-";
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new CommandError(
      t("cli:restore.newer", { file, found, expected: LATEST_MIGRATION, unknown: unknown.sort().join(", ") })
    );
  }
  const notApplied = Object.keys(migrations).filter((name) => !applied.includes(name));
  if (notApplied.length > 0) {
    throw new CommandError(
      t("cli:restore.older", { file, found, expected: LATEST_MIGRATION, missing: notApplied.sort().join(", ") })
    );
  }

  const problems = integrityProblems(sqlite);
  if (problems.length !== 1 || problems[0] !== "ok") {
    throw new CommandError(t("cli:restore.corrupt", { file, details: problems.slice(0, 5).join("; ") }));
  }
}

/** Refuses while another process has the database open (a server, even an idle one). */
function ensureNotInUse(target: string, t: CommandContext["t"]): void {
  if (!fs.existsSync(target)) return;
  // A file that is not a database at all (or unreadable) is not in use as one; it is replaced.
  if (databaseInUse(target)) throw new CommandError(t("cli:restore.in_use", { target }));
}

export const restore: FileCommand = {
  name: "restore",
  options: {},
  database: false,
  async run({ config, t, io }, _values, positionals) {
    const file = fileArgument(positionals, t, "restore");
    const location = parseDatabaseUrl(config.databaseUrl);
    if (location.dialect === "postgres") {
      io.out(t("cli:restore.postgres", { restore: postgresCommands(location, file).restore }));
      return;
    }
    const target = location.file;
    if (file === target) throw new UsageError(t("cli:restore.same_file", { file }));
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new CommandError(t("cli:restore.not_found", { file }));
    if (!isSqliteFile(file)) throw new CommandError(t("cli:restore.not_sqlite", { file }));

    let source: SQLite.Database;
    try {
      source = new SQLite(file, { readonly: true, fileMustExist: true });
      readSchemaTable(source);
    } catch (error) {
      throw new CommandError(t("cli:restore.unreadable", { file, message: (error as Error).message }));
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = partialName(target);
    try {
      let summary: DatabaseSummary;
      try {
        await checkBackup(source, file, t);
        summary = summariseDatabase(source);
        removeSqliteFile(partial);
        await copyDatabase(source, partial);
      } catch (error) {
        // A damaged file can fail any read, the integrity check included.
        if (/^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown }).code ?? ""))) {
          throw new CommandError(t("cli:restore.corrupt", { file, details: (error as Error).message }));
        }
        throw error;
      } finally {
        source.close();
      }
      ensureNotInUse(target, t);
      // A -wal, -shm or -journal left by the replaced database would be replayed onto the new one.
      for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(target + suffix, { force: true });
      fs.renameSync(partial, target);
      syncFolder(path.dirname(target));
      io.out(t("cli:restore.done", { file, target, ...summary }));
    } finally {
      removeSqliteFile(partial);
    }
  },
};
