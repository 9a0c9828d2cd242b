/**
 * Configuration from the environment, validated once at start. Production
 * refuses to start without a real SESSION_SECRET; development generates one
 * and keeps it beside the database so sessions survive restarts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { parseDatabaseUrl } from "~db/connection";

/** An IP address, or a network as address/prefix length (10.0.0.0/8, fd00::/8). */
function isAddressOrNetwork(value: string): boolean {
  const [address, prefix, ...rest] = value.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: a number of proxies in front (0: none), or the proxies' own
 * addresses/networks, comma-separated. With addresses, X-Forwarded-* are
 * believed only from a peer among them, so a client that reaches the app
 * directly cannot pick its own address for the sign-in limits.
 */
const trustProxySchema = z
  .string()
  .trim()
  .default("0")
  .transform((value, ctx): number | string[] => {
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
    } else {
      const entries = value.split(",").map((entry) => entry.trim());
      if (entries.length > 0 && entries.every(isAddressOrNetwork)) return entries;
    }
    ctx.addIssue({
      code: "custom",
      message: "a number of proxies (0–10) or IP addresses/networks, comma-separated (127.0.0.1, 10.0.0.0/8)",
    });
    return z.NEVER;
  });

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
  /** Trust X-Forwarded-* from this many proxies (0: none), or from these addresses/networks. */
  TRUST_PROXY: trustProxySchema,
  /** `hailong backup` without --out writes dated files here (the nightly timer). */
  BACKUP_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  /** How many dated backups in BACKUP_DIR to keep. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
  /** readyz fails below this much free disk where the database lives. */
  READY_MIN_FREE_MB: z.coerce.number().int().min(0).default(1024),
  /** readyz fails when the newest backup in BACKUP_DIR is older (a nightly backup, plus slack). */
  READY_MAX_BACKUP_AGE_HOURS: z.coerce.number().positive().default(26),
  /** /metrics from other than loopback needs `Authorization: Bearer <this>`; unset: loopback only. */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  /** Months a response's comment and dossier code are kept (`hailong purge`; Nghị định 13/2023/NĐ-CP). */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).default(24),
  /** Where alert emails go out (smtp://user:pass@host:587, smtps://…); unset: alerts are shown in the app only. */
  SMTP_URL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .refine((v) => /^smtps?:\/\/[^\s/]+/.test(v) && URL.canParse(v), {
        message: "smtp://user:pass@host:587 or smtps://…",
      })
      .optional()
  ),
  /** The From of alert emails. */
  MAIL_FROM: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3).max(200).optional()),
  /** Seconds between the scheduler's runs (deadline checks, alerts, deliveries). */
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

/** Every environment variable the configuration reads (deploy/hailong.env.example lists them all). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

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
  /** A number of proxies in front, or the proxies' addresses/networks (TRUST_PROXY). */
  trustProxy: number | string[];
  /** Where `hailong backup` writes dated backups when given no file (absolute). */
  backupDir: string | null;
  backupKeep: number;
  readyMinFreeMb: number;
  readyMaxBackupAgeHours: number;
  metricsToken: string | null;
  retentionMonths: number;
  /** SMTP_URL; null: alerts in the app only. */
  smtpUrl: string | null;
  mailFrom: string;
  jobsIntervalSeconds: number;
}

/** A configuration problem; `key` and `params` are translated by whoever reports it (cli:config.*). */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {}
  ) {
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
    backupKeep: e.BACKUP_KEEP,
    readyMinFreeMb: e.READY_MIN_FREE_MB,
    readyMaxBackupAgeHours: e.READY_MAX_BACKUP_AGE_HOURS,
    metricsToken: e.METRICS_TOKEN ?? null,
    retentionMonths: e.RETENTION_MONTHS,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? "HaiLong <no-reply@localhost>",
    jobsIntervalSeconds: e.JOBS_INTERVAL_SECONDS,
  };
}
