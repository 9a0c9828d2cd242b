/**
 * The ingest writer thread (SQLite): the server's group commits
 * (commit-queue.server.ts) run on a worker thread with its own connection, so the
 * event loop that parses and answers requests never waits on SQLite — its
 * statements and each group's commit (writing the WAL, then fsync with
 * synchronous=FULL) took over half of the main thread's time under load
 * (`npm run bench`).
 * Requests arriving while the thread commits queue up there and go into its
 * next transaction: a slower disk makes groups bigger, not the server slower.
 *
 * Nothing changes for a tablet: a request is answered after the transaction
 * holding its rows has committed, with its own outcomes. The writer runs the
 * server's own bundle (build/index.js, started with `workerData.role`), so
 * the code that writes is the one tested in-process.
 *
 * PostgreSQL needs none of this: its driver does not block the event loop.
 */
import { Worker, parentPort } from "node:worker_threads";
import { openDatabase } from "~db/connection";
import { readSchemaTable } from "~db/sqlite-files";
import type { Logger } from "~/utils/log.server";
import { type IngestOutcome, type JobWriter, type WriteJob, commitInGroup, observeGroups } from "./commit-queue.server";

export const INGEST_WRITER_ROLE = "hailong-ingest-writer";

export interface IngestWriterData {
  role: typeof INGEST_WRITER_ROLE;
  databaseUrl: string;
  sqliteSynchronous: "FULL" | "NORMAL";
}

/** A write job as it crosses to the thread: rows, not the request's outcomes array. */
type JobMessage = { type: "job"; seq: number } & Omit<WriteJob, "outcomes">;
type ToWriter = JobMessage | { type: "close" } | { type: "ping"; seq: number };
type FromWriter =
  | { type: "done"; seq: number; outcomes: IngestOutcome[] }
  | { type: "failed"; seq: number; message: string }
  | { type: "pong"; seq: number }
  | { type: "group"; jobs: number; rows: number };

export interface IngestWriter {
  write: JobWriter;
  /**
   * Lets the jobs already sent finish, closes the thread's connection and
   * ends the thread; after `timeoutMs` (a stuck disk) stops it instead.
   */
  close(timeoutMs?: number): Promise<void>;
  /**
   * Resolves once the thread has answered from its connection (starting the
   * thread if none runs, as the next job would); rejects when it exits, fails
   * or takes longer than `timeoutMs` (readyz, app/ops/readiness.server.ts).
   */
  ping(timeoutMs: number): Promise<void>;
  /** Jobs sent to the thread and not yet answered (the writer queue depth). */
  pending(): number;
}

/** Told of each group the thread commits (metrics). */
export type GroupObserver = (group: { jobs: number; rows: number }) => void;

class WriterThreadError extends Error {}

/** How long close() lets the thread finish its jobs before stopping it (what it had not committed rolls back, unacknowledged). */
export const WRITER_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Starts the writer thread from `entry` (the server bundle). Should the
 * thread die, the jobs it held fail (their requests get 503 and the tablets
 * retry; nothing was acknowledged), the death is logged, and the next job
 * starts a new thread.
 */
export function startIngestWriter(
  entry: URL,
  data: Omit<IngestWriterData, "role">,
  log: Pick<Logger, "error">,
  onGroup?: GroupObserver
): IngestWriter {
  const waiting = new Map<number, { job: WriteJob; done: () => void; failed: (error: Error) => void }>();
  const pings = new Map<number, { done: () => void; failed: (error: Error) => void }>();
  let seq = 0;
  let worker: Worker | null = null;
  let closing: Promise<void> | null = null;

  function start(): Worker {
    const w = new Worker(entry, { workerData: { ...data, role: INGEST_WRITER_ROLE } satisfies IngestWriterData });
    w.on("message", (message: FromWriter) => {
      if (message.type === "group") return onGroup?.(message);
      if (message.type === "pong") {
        pings.get(message.seq)?.done();
        pings.delete(message.seq);
        return;
      }
      if (message.type === "failed" && pings.has(message.seq)) {
        pings.get(message.seq)!.failed(new WriterThreadError(message.message));
        pings.delete(message.seq);
        return;
      }
      const waiter = waiting.get(message.seq);
      if (!waiter) return;
      waiting.delete(message.seq);
      if (message.type === "failed") {
        waiter.failed(new WriterThreadError(message.message));
        return;
      }
      for (const { index } of waiter.job.rows) waiter.job.outcomes[index] = message.outcomes[index];
      waiter.done();
    });
    // Jobs fail at "exit", not at "error": a job the thread committed just before dying still gets its answer.
    w.on("error", (error) => log.error({ err: error }, "ingest writer thread failed"));
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      if (code !== 0 || waiting.size > 0) log.error({ code, jobs: waiting.size }, "ingest writer thread exited");
      for (const { failed } of waiting.values())
        failed(new WriterThreadError(`ingest writer thread exited (code ${code})`));
      waiting.clear();
      for (const { failed } of pings.values())
        failed(new WriterThreadError(`ingest writer thread exited (code ${code})`));
      pings.clear();
    });
    return w;
  }

  return {
    write(job) {
      if (closing) return Promise.reject(new WriterThreadError("ingest writer is closing"));
      worker ??= start();
      const id = ++seq;
      const promise = new Promise<void>((done, failed) => waiting.set(id, { job, done, failed }));
      const { outcomes: _outcomes, ...rest } = job;
      worker.postMessage({ type: "job", seq: id, ...rest } satisfies JobMessage);
      return promise;
    },
    ping(timeoutMs) {
      if (closing) return Promise.reject(new WriterThreadError("ingest writer is closing"));
      worker ??= start();
      const id = ++seq;
      const w = worker;
      return new Promise<void>((done, failed) => {
        const timer = setTimeout(() => {
          pings.delete(id);
          failed(new WriterThreadError(`ingest writer did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pings.set(id, {
          done: () => (clearTimeout(timer), done()),
          failed: (error) => (clearTimeout(timer), failed(error)),
        });
        w.postMessage({ type: "ping", seq: id } satisfies ToWriter);
      });
    },
    pending: () => waiting.size,
    close(timeoutMs = WRITER_CLOSE_TIMEOUT_MS) {
      closing ??= new Promise<void>((resolve) => {
        const w = worker;
        if (!w) return resolve();
        const timer = setTimeout(() => void w.terminate(), timeoutMs);
        w.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        w.postMessage({ type: "close" } satisfies ToWriter);
      });
      return closing;
    },
  };
}

/** The thread's side: group-commits the jobs it is sent, one connection, until told to close. */
export function runIngestWriter(data: IngestWriterData): void {
  const port = parentPort;
  if (!port) throw new Error("runIngestWriter runs on a worker thread");
  const handle = openDatabase(data.databaseUrl, { sqliteSynchronous: data.sqliteSynchronous });
  observeGroups(handle.db, (group) => port.postMessage({ type: "group", ...group } satisfies FromWriter));
  const inFlight = new Set<Promise<void>>();

  port.on("message", (message: ToWriter) => {
    if (message.type === "close") {
      void Promise.allSettled(inFlight).then(async () => {
        await handle.close();
        port.close();
      });
      return;
    }
    if (message.type === "ping") {
      // Answered from the connection: a thread alive but unable to read its database is not.
      try {
        readSchemaTable(handle.sqlite!);
        port.postMessage({ type: "pong", seq: message.seq } satisfies FromWriter);
      } catch (error) {
        port.postMessage({ type: "failed", seq: message.seq, message: String(error) } satisfies FromWriter);
      }
      return;
    }
    const { seq, type: _type, ...job } = message;
    const outcomes: IngestOutcome[] = [];
    const written = commitInGroup(handle.db, { ...job, outcomes }).then(
      () => port.postMessage({ type: "done", seq, outcomes } satisfies FromWriter),
      (error: unknown) =>
        port.postMessage({
          type: "failed",
          seq,
          message: error instanceof Error ? error.message : String(error),
        } satisfies FromWriter)
    );
    inFlight.add(written);
    void written.finally(() => inFlight.delete(written));
  });
}
