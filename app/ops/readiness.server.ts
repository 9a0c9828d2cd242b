/**
 * GET /readyz: is this server fit to take traffic? Each check names what it
 * saw; any failing one makes the answer 503 with the failing checks listed
 * (docs/health-and-metrics.md). Every check runs within CHECK_TIMEOUT_MS: a
 * database that hangs fails the check instead of hanging the probe.
 */
import fs from "node:fs";
import path from "node:path";
import { appliedMigrations, probeWrite } from "~db/repositories/ops";
import { migrations } from "~db/migrations";
import type { AppContext } from "~/context";
import { newestBackup } from "./backups.server";

export const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = { ok: boolean; skipped?: true; error?: string } & Record<string, unknown>;

export interface Readiness {
  status: "ok" | "fail";
  checks: Record<string, CheckResult>;
  failing: string[];
}

type ReadinessApp = Pick<AppContext, "config" | "database" | "db" | "ingestWriter" | "now">;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error))
    );
  });
}

/**
 * A failure's reason for the public answer: a file-system error by its code
 * alone (its message names the database's path), anything else by its message.
 */
function reason(error: unknown): string {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  if (typeof code === "string" && typeof syscall === "string") return `${code} (${syscall})`;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" ? `${code}: ${message}` : message;
}

async function check(work: () => Promise<Omit<CheckResult, "ok"> & { ok?: boolean }>): Promise<CheckResult> {
  try {
    const result = await withTimeout(work(), CHECK_TIMEOUT_MS);
    return { ok: true, ...result };
  } catch (error) {
    return { ok: false, error: reason(error) };
  }
}

/** The folder whose free space matters: the SQLite file's, else (PostgreSQL) BACKUP_DIR's or the working folder. */
function dataFolder(app: ReadinessApp): string {
  const { location } = app.database;
  if (location.dialect === "sqlite") return path.dirname(location.file);
  return app.config.backupDir ?? process.cwd();
}

export async function readiness(app: ReadinessApp): Promise<Readiness> {
  const { config } = app;
  const [database, schema, writer, disk, backup] = await Promise.all([
    check(async () => {
      if (app.database.location.dialect === "sqlite") {
        // The file and its folder (SQLite writes -wal/-shm/-journal there) must stay writable for this process.
        await fs.promises.access(app.database.location.file, fs.constants.R_OK | fs.constants.W_OK);
        await fs.promises.access(path.dirname(app.database.location.file), fs.constants.W_OK);
      }
      const started = performance.now();
      await probeWrite(app.db, app.now());
      return { ms: Math.round((performance.now() - started) * 10) / 10 };
    }),
    check(async () => {
      const applied = new Set(await appliedMigrations(app.db));
      const known = Object.keys(migrations);
      const missing = known.filter((name) => !applied.has(name));
      const unknown = [...applied].filter((name) => !(name in migrations));
      const ok = missing.length === 0 && unknown.length === 0;
      return { ok, applied: applied.size, known: known.length, ...(ok ? {} : { missing, unknown }) };
    }),
    app.ingestWriter
      ? check(async () => {
          await app.ingestWriter!.ping(CHECK_TIMEOUT_MS - 100);
          return {};
        })
      : Promise.resolve<CheckResult>({ ok: true, skipped: true }),
    check(async () => {
      const stats = await fs.promises.statfs(dataFolder(app));
      const freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
      return { ok: freeMb >= config.readyMinFreeMb, freeMb, minFreeMb: config.readyMinFreeMb };
    }),
    config.backupDir
      ? check(async () => {
          const newest = newestBackup(config.backupDir!);
          if (!newest)
            return { ok: false, error: "no backup in BACKUP_DIR", maxAgeHours: config.readyMaxBackupAgeHours };
          // File times are real time (not the app clock tests move).
          const ageHours = Math.round(((Date.now() - newest.mtimeMs) / 3_600_000) * 100) / 100;
          return {
            ok: ageHours <= config.readyMaxBackupAgeHours,
            ageHours,
            maxAgeHours: config.readyMaxBackupAgeHours,
          };
        })
      : Promise.resolve<CheckResult>({ ok: true, skipped: true }),
  ]);
  const checks: Record<string, CheckResult> = { database, migrations: schema, writer, disk, backup };
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { status: failing.length ? "fail" : "ok", checks, failing };
}
