/**
 * The server's scheduler: every JOBS_INTERVAL_SECONDS (60) it runs the jobs
 * — the deadline checks and the erasure of expired contacts (CASE_JOBS), then dispatching new case events,
 * webhook deliveries and emails. Once per installation: a turn runs only in
 * the process that holds the lease row `scheduler`, taken or renewed with one
 * atomic conditional write (db/repositories/alerts.ts takeLease); a process
 * that dies leaves it to expire, one that stops gracefully hands it back.
 */
import crypto from "node:crypto";
import os from "node:os";
import { setImmediate } from "node:timers/promises";
import { releaseLease, takeLease } from "~db/repositories/alerts";
import { markDueCases } from "~db/repositories/case-deadlines";
import { eraseExpiredContacts } from "~/cases/contacts.server";
import type { AppContext } from "~/context";
import { deliverDueWebhooks, sendDueMail } from "./deliver.server";
import { dispatchCaseEvents } from "./dispatch.server";
import { type Mailer, createMailer } from "./mailer.server";

export const SCHEDULER_LEASE = "scheduler";

export interface ScheduledJob {
  name: string;
  run(app: AppContext, now: Date): Promise<unknown>;
}

/**
 * Jobs run first on every turn, before the alerts go out: the cases'
 * deadline check writes due_soon/overdue events, which the dispatch of the
 * same turn sends.
 */
export const CASE_JOBS: ScheduledJob[] = [
  { name: "deadlines", run: (app, now) => markDueCases(app.db, now) },
  // Citizens' contacts past their retention after conclusion (ADR 048).
  { name: "contacts", run: (app, now) => eraseExpiredContacts(app.db, now) },
];

export function alertJobs(
  baseUrl: string,
  mailer: Mailer | null,
  budgetMs: number,
  webhookTimeoutMs?: number
): ScheduledJob[] {
  return [
    {
      name: "dispatch",
      async run(app, now) {
        // Batches until the feed is read (a backlog after downtime goes out in one turn). Between batches the
        // server answers what came meanwhile: on SQLite each query runs on this thread, and awaiting one never yields.
        for (let i = 0; i < 50; i++) {
          const read = await dispatchCaseEvents(app.db, { now, baseUrl, mail: mailer !== null });
          if (read < 200) break;
          await setImmediate();
        }
      },
    },
    {
      name: "webhooks",
      run: (app) =>
        deliverDueWebhooks(app.db, app.now, { deadline: Date.now() + budgetMs, timeoutMs: webhookTimeoutMs }),
    },
    {
      name: "mail",
      run: async (app) => (mailer ? sendDueMail(app.db, mailer, app.now, { deadline: Date.now() + budgetMs }) : 0),
    },
  ];
}

export interface Scheduler {
  /** This process's name in the lease row. */
  readonly holder: string;
  start(): void;
  /** One turn now: false when another process holds the lease. */
  runOnce(): Promise<boolean>;
  /** Waits for a running turn, then gives the lease back. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  intervalMs?: number;
  baseUrl?: string;
  /** Replaces CASE_JOBS + the alert jobs (tests). */
  jobs?: ScheduledJob[];
  mailer?: Mailer | null;
  /** How long a webhook receiver may take to answer (tests); WEBHOOK_TIMEOUT_MS otherwise. */
  webhookTimeoutMs?: number;
}

export function createScheduler(app: AppContext, options: SchedulerOptions = {}): Scheduler {
  const intervalMs = options.intervalMs ?? app.config.jobsIntervalSeconds * 1000;
  // Long enough that a slow turn keeps it; short enough that a dead process's turn passes on soon.
  const leaseMs = Math.max(3 * intervalMs, 5 * 60_000);
  const holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
  const mailer = options.mailer !== undefined ? options.mailer : createMailer(app.config);
  const baseUrl = options.baseUrl ?? app.config.publicUrl ?? `http://localhost:${app.config.port}`;
  const jobs = options.jobs ?? [
    ...CASE_JOBS,
    ...alertJobs(baseUrl, mailer, Math.max(intervalMs, 60_000), options.webhookTimeoutMs),
  ];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<boolean> | null = null;
  let stopped = false;

  async function turn(): Promise<boolean> {
    const now = app.now();
    const held = await takeLease(
      app.db,
      SCHEDULER_LEASE,
      holder,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString()
    );
    if (!held) return false;
    for (const job of jobs) {
      if (stopped) break;
      try {
        await job.run(app, app.now());
      } catch (error) {
        app.log.error({ err: error, job: job.name }, "scheduled job failed");
      }
    }
    return true;
  }

  function runOnce(): Promise<boolean> {
    if (!running) {
      running = turn()
        .catch((error: unknown) => {
          app.log.error({ err: error }, "scheduler turn failed");
          return false;
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  }

  return {
    holder,
    start() {
      // The first turn soon after start: alerts left from before a restart go out without waiting a full interval.
      schedule(Math.min(intervalMs, 2_000));
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      try {
        await releaseLease(app.db, SCHEDULER_LEASE, holder, app.now().toISOString());
      } catch (error) {
        app.log.warn({ err: error }, "giving back the scheduler lease failed");
      }
      mailer?.close();
    },
  };
}
