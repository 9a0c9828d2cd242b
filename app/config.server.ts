/**
 * Configuration from the environment, validated once at start. Production
 * refuses to start without a real SESSION_SECRET; development generates one
 * and keeps it beside the database so sessions survive restarts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseDatabaseUrl } from "~db/connection";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.string().min(1).default("file:./data/hailong.sqlite"),
  SESSION_SECRET: z.string().optional(),
  /** The address citizens' tablets and officials use, for printed links. */
  PUBLIC_URL: z.url().optional(),
  /** auto: seed the demo province into a new, non-production database. */
  SEED_DEMO: z.enum(["auto", "yes", "no"]).default("auto"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
  /** Trust X-Forwarded-* from this many proxies (0: none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Where `hailong backup` keeps its dated files; readyz checks the newest one's age. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** readyz fails below this much free disk where the database lives. */
  READY_MIN_FREE_MB: z.coerce.number().int().min(0).default(1024),
  /** readyz fails when the newest backup in BACKUP_DIR is older (a nightly backup, plus slack). */
  READY_MAX_BACKUP_AGE_HOURS: z.coerce.number().positive().default(26),
  /** /metrics from other than loopback needs `Authorization: Bearer <this>`; unset: loopback only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Months a response's comment and dossier code are kept (`hailong purge`; Nghị định 13/2023/NĐ-CP). */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).default(24),
});

export interface Config {
  env: "development" | "production" | "test";
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  sessionSecret: string;
  publicUrl: string | null;
  seedDemo: "auto" | "yes" | "no";
  logLevel: string;
  sqliteSynchronous: "FULL" | "NORMAL";
  trustProxy: number;
  backupDir: string | null;
  readyMinFreeMb: number;
  readyMaxBackupAgeHours: number;
  metricsToken: string | null;
  retentionMonths: number;
}

/** A configuration problem; `key` and `params` are translated by whoever reports it (cli:config.*). */
export class ConfigError extends Error {
  constructor(readonly key: string, readonly params: Record<string, string | number> = {}) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

export const MIN_SECRET_LENGTH = 32;

function developmentSecret(databaseUrl: string): string {
  const location = parseDatabaseUrl(databaseUrl);
  const dir = location.dialect === "sqlite" ? path.dirname(location.file) : path.resolve("data");
  const file = path.join(dir, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch {
    // first start: create it below
  }
  fs.mkdirSync(dir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError("cli:config.invalid", { details });
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  let sessionSecret = e.SESSION_SECRET;
  if (production) {
    if (!sessionSecret || sessionSecret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError("cli:config.secret_required", { min: MIN_SECRET_LENGTH });
    }
  } else if (!sessionSecret) {
    sessionSecret = developmentSecret(e.DATABASE_URL);
  }
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: sessionSecret!,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, "") ?? null,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    trustProxy: e.TRUST_PROXY,
    backupDir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : null,
    readyMinFreeMb: e.READY_MIN_FREE_MB,
    readyMaxBackupAgeHours: e.READY_MAX_BACKUP_AGE_HOURS,
    metricsToken: e.METRICS_TOKEN ?? null,
    retentionMonths: e.RETENTION_MONTHS,
  };
}
