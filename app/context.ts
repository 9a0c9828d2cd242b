/**
 * The application context's type, and the services it carries as interfaces:
 * what loaders, actions, API handlers and the CLI are handed. It names only
 * lower modules (db/, ingest/, utils/); context.server.ts, the composition
 * root, builds it from the feature modules that implement these interfaces.
 */
import type { Registry } from "prom-client";
import type { DatabaseHandle } from "~db/connection";
import type { MigrationStatus } from "~db/migrate";
import type { Config } from "./config.server";
import type { Catalog } from "./ingest/catalog.server";
import type { IngestStatus } from "./ingest/commit-queue.server";
import type { IngestWriter } from "./ingest/writer.server";
import type { Logger } from "./utils/log.server";
import type { RateLimiter } from "./utils/rate-limit.server";
import type { WorkQueue } from "./utils/work-queue.server";

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: DatabaseHandle["db"];
  catalog: Catalog;
  /** The server's ingest writer thread (SQLite only); null: ingest commits on `db`. */
  ingestWriter: IngestWriter | null;
  log: Logger;
  /** Failure counters that slow down guessing (in memory, per process). */
  limiters: { pairing: PairingLimits };
  /** Limits on guessing passwords (sign-in, the account page), and on hashing them. */
  passwords: PasswordGuard;
  /** Prometheus counters and histograms (app/ops/metrics.server.ts). */
  metrics: Metrics;
  /** What opening did to the schema (null when not migrated): the pre-upgrade copy, the migrations run. */
  upgrade: UpgradeResult | null;
  /** The clock; tests replace it. */
  now(): Date;
}

/** What became of a password attempt (app/auth/attempts.server.ts). */
export type PasswordOutcome = "right" | "wrong" | "throttled" | "busy";

/** Limits on guessing passwords (app/auth/attempts.server.ts). */
export interface PasswordGuard {
  byUserAndAddress: RateLimiter;
  byAddress: RateLimiter;
  /** Slows down, never refuses. */
  byUser: RateLimiter;
  /** Password hashing (scrypt), for sign-in and the account page. */
  hashing: WorkQueue;
  /** Refused sign-ins are answered one per turn of the event loop (app/auth/login-form.server.ts). */
  turn: () => Promise<void>;
  /** Told every attempt's outcome (metrics). */
  observe?: (outcome: PasswordOutcome) => void;
}

/** Limits on guessing pairing codes (app/devices/pairing-limits.server.ts). */
export interface PairingLimits {
  byAddress: RateLimiter;
  /** One key for every address together. */
  all: RateLimiter;
}

/** Prometheus metrics (app/ops/metrics.server.ts). */
export type ThrottledLimit = "sign_in" | "sign_in_busy" | "pairing" | "pairing_paused";

export interface Metrics {
  registry: Registry;
  ingested(status: IngestStatus, count: number): void;
  /** A wrong password (sign-in or the account page). */
  loginFailed(): void;
  /** A request refused by a guessing limit, without checking what it sent. */
  throttled(limit: ThrottledLimit): void;
  groupCommitted(group: { jobs: number; rows: number }): void;
  /** `route`: a Remix route id or an API handler's name, never a raw URL. */
  requestDone(route: string, status: number, seconds: number): void;
}

/** What opening did to the schema (app/ops/upgrade.server.ts). */
export interface UpgradeResult {
  before: MigrationStatus;
  /** The pre-upgrade copy; null when nothing was migrated, the database was new, or the operator made the copy. */
  backup: string | null;
  migrated: string[];
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** CSP nonce for this response's inline scripts. */
    nonce: string;
    /** The client's address (X-Forwarded-For honoured only with TRUST_PROXY). */
    clientIp: string;
  }
}
