/**
 * Upgrades: before a migration changes an existing database, a copy of it as
 * it was (docs/health-and-metrics.md «Upgrades», ADR 031). SQLite: the online
 * backup into `hailong-pre-upgrade-YYYYMMDD-HHMMSSZ.sqlite` in BACKUP_DIR, else
 * beside the database. PostgreSQL: pg_dump into `….dump` the same way when
 * pg_dump is installed; otherwise the operator runs the printed command and
 * says so with `upgrade --backup-done`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DatabaseHandle } from "~db/connection";
import { LATEST_MIGRATION, SchemaNewerError, migrateToLatest, migrationStatus } from "~db/migrate";
import { copyDatabase } from "~db/sqlite-files";
import { postgresCommands } from "./backups.server";
import type { Config } from "~/config.server";
import type { UpgradeResult } from "~/context";
import type { ServerT } from "~/i18n/i18n.server";

/** A backup could not be taken, so nothing was migrated; `command` is what the operator can run instead. */
export class UpgradeBackupError extends Error {
  constructor(
    message: string,
    readonly command: string | null
  ) {
    super(message);
  }
}

function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace("T", "-")
    .replace(/\.\d+Z$/, "Z");
}

/** Where pre-upgrade copies go: BACKUP_DIR, else the SQLite file's folder, else ./data. */
function backupFolder(config: Pick<Config, "backupDir">, handle: DatabaseHandle): string {
  if (config.backupDir) return config.backupDir;
  return handle.location.dialect === "sqlite" ? path.dirname(handle.location.file) : path.resolve("data");
}

export function preUpgradeFile(config: Pick<Config, "backupDir">, handle: DatabaseHandle, at: Date): string {
  const extension = handle.location.dialect === "sqlite" ? "sqlite" : "dump";
  return path.join(backupFolder(config, handle), `hailong-pre-upgrade-${stamp(at)}.${extension}`);
}

function pgDumpAvailable(): boolean {
  return spawnSync("pg_dump", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Takes the pre-upgrade copy; returns its file. Throws UpgradeBackupError when it cannot. */
export async function backupBeforeUpgrade(
  config: Pick<Config, "backupDir">,
  handle: DatabaseHandle,
  at: Date
): Promise<string> {
  const file = preUpgradeFile(config, handle, at);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { location } = handle;
  if (location.dialect === "sqlite") {
    const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
    try {
      await copyDatabase(handle.sqlite!, partial);
      fs.renameSync(partial, file);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    return file;
  }
  const commands = postgresCommands(location, file);
  if (!pgDumpAvailable()) throw new UpgradeBackupError("pg_dump is not installed", commands.dump);
  const url = new URL(location.connectionString);
  const args = ["--format=custom", `--file=${file}`, ...(location.schema ? [`--schema=${location.schema}`] : [])];
  const password = decodeURIComponent(url.password);
  url.password = "";
  const dump = spawnSync("pg_dump", [...args, url.toString()], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    encoding: "utf8",
  });
  if (dump.status !== 0) {
    fs.rmSync(file, { force: true });
    throw new UpgradeBackupError(`pg_dump failed: ${(dump.stderr || dump.error?.message || "").trim()}`, commands.dump);
  }
  return file;
}

/**
 * Brings the database to this code's schema: refuses a newer one
 * (SchemaNewerError), copies an existing one that is behind first (unless
 * `backupDone`), then migrates. A new, empty database is just migrated.
 */
export async function upgradeDatabase(
  config: Pick<Config, "backupDir">,
  handle: DatabaseHandle,
  at: Date,
  options: { backupDone?: boolean } = {}
): Promise<UpgradeResult> {
  const before = await migrationStatus(handle);
  let backup: string | null = null;
  if (before.unknown.length === 0 && before.pending.length > 0 && before.applied.length > 0 && !options.backupDone) {
    backup = await backupBeforeUpgrade(config, handle, at);
  }
  const result = await migrateToLatest(handle);
  return {
    before,
    backup,
    migrated: (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName),
  };
}

/** The operator's message (translated) for a refused or failed upgrade, or null for any other error. */
export function explainUpgradeError(error: unknown, t: ServerT): string | null {
  if (error instanceof SchemaNewerError) {
    return t("cli:upgrade.newer", {
      found: error.status.newestApplied ?? "-",
      known: LATEST_MIGRATION,
      unknown: error.status.unknown.join(", "),
    });
  }
  if (error instanceof UpgradeBackupError) {
    return error.command && error.message === "pg_dump is not installed"
      ? t("cli:upgrade.postgres_backup", { dump: error.command })
      : t("cli:upgrade.backup_failed", { message: error.message });
  }
  return null;
}

/** What an upgrade did, as lines for the console. */
export function describeUpgrade(result: UpgradeResult, t: ServerT): string[] {
  const lines: string[] = [];
  if (result.backup) lines.push(t("cli:upgrade.backed_up", { file: result.backup }));
  if (result.migrated.length > 0 && result.before.applied.length > 0) {
    lines.push(
      t("cli:upgrade.migrated", {
        from: result.before.newestApplied ?? "-",
        to: LATEST_MIGRATION,
        count: result.migrated.length,
        names: result.migrated.join(", "),
      })
    );
  }
  return lines;
}
