/**
 * Rollup sums, and the report's case rows, kept in memory while their months
 * have not changed (ADR 063).
 * Every change to a month's rollup rows raises that month's counter in
 * `rollup_epochs` in the same transaction (`raiseRollupEpochs`); a read over
 * some months is served from memory when the sum of their counters is the one
 * it was computed at, else read again. The counters are read before the sums,
 * so a change committed between the two only makes the next read miss. The
 * counters live in the database, so a change made by another process (the
 * CLI, a second server) is seen as well. Never inside a transaction, which
 * may see its own uncommitted rows. The cases have counters of their own
 * (`case_epochs`, by the month a case was opened): they change with their
 * handling, not with the rollups.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

type Db = Kysely<Database>;
/** The counters a kept read depends on. */
export type EpochTable = "rollup_epochs" | "case_epochs";

/** Rows kept at most per database handle, over all entries (~40 MB; a national month by desk is ~7,000 rows). */
const MAX_ROWS = 200_000;

interface Entry {
  epochs: number;
  rows: readonly object[];
}

/** Per database handle, in least-recently-used order (a Map keeps insertion order). */
const caches = new WeakMap<Db, { entries: Map<string, Entry>; rows: number }>();

/** Raises the counters of these months (YYYY-MM), in the caller's transaction. */
export function raiseRollupEpochs(db: Db, months: Iterable<string>): Promise<void> {
  return raiseEpochs(db, "rollup_epochs", months);
}

/** Raises the case counters of these months (YYYY-MM, the months the changed cases were opened in). */
export function raiseCaseEpochs(db: Db, months: Iterable<string>): Promise<void> {
  return raiseEpochs(db, "case_epochs", months);
}

async function raiseEpochs(db: Db, table: EpochTable, months: Iterable<string>): Promise<void> {
  const values = [...new Set(months)].sort().map((month) => ({ month, epoch: 1 }));
  if (values.length === 0) return;
  // Both tables have the same shape; Kysely types one of them.
  await db
    .insertInto(table as "rollup_epochs")
    .values(values)
    .onConflict((oc) =>
      oc.column("month").doUpdateSet((eb) => ({ epoch: eb(`${table as "rollup_epochs"}.epoch`, "+", 1) }))
    )
    .execute();
}

/** Raises every month's counter, and adds those of `months` (after a rebuild of every rollup). */
export async function raiseAllRollupEpochs(db: Db, months: Iterable<string>): Promise<void> {
  await db
    .updateTable("rollup_epochs")
    .set((eb) => ({ epoch: eb("epoch", "+", 1) }))
    .execute();
  const values = [...new Set(months)].map((month) => ({ month, epoch: 1 }));
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insertInto("rollup_epochs")
      .values(values.slice(i, i + 500))
      .onConflict((oc) => oc.column("month").doNothing())
      .execute();
  }
}

async function epochsOf(db: Db, table: EpochTable, months: { from: string; to: string }): Promise<number> {
  const row = await db
    .selectFrom(table as "rollup_epochs")
    .select((eb) => eb.fn.sum<number | string | null>("epoch").as("epochs"))
    .where("month", ">=", months.from)
    .where("month", "<=", months.to)
    .executeTakeFirst();
  return Number(row?.epochs ?? 0);
}

/**
 * The rows `read` returns for `key`, from memory while the counters of `months` (YYYY-MM, both included) are
 * unchanged. The rows are shared between callers: never change them.
 */
export function cachedRollupRows<T extends object>(
  db: Db,
  key: string,
  months: { from: string; to: string },
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  return cachedRows(db, "rollup_epochs", key, months, read);
}

/** As cachedRollupRows, for rows that change with the cases opened in `months`. */
export function cachedCaseRows<T extends object>(
  db: Db,
  key: string,
  months: { from: string; to: string },
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  return cachedRows(db, "case_epochs", `cases ${key}`, months, read);
}

async function cachedRows<T extends object>(
  db: Db,
  table: EpochTable,
  key: string,
  months: { from: string; to: string },
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  if (db.isTransaction) return read();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), rows: 0 }));
  const epochs = await epochsOf(db, table, months);
  const kept = cache.entries.get(key);
  if (kept) {
    cache.entries.delete(key);
    if (kept.epochs === epochs) {
      cache.entries.set(key, kept);
      return kept.rows as readonly T[];
    }
    cache.rows -= kept.rows.length;
  }
  const rows = await read();
  if (process.env.NODE_ENV !== "production") for (const row of rows) Object.freeze(row); // a caller that changes one fails in tests
  if (rows.length <= MAX_ROWS) {
    cache.entries.set(key, { epochs, rows });
    cache.rows += rows.length;
    for (const [oldest, entry] of cache.entries) {
      if (cache.rows <= MAX_ROWS) break;
      cache.entries.delete(oldest);
      cache.rows -= entry.rows.length;
    }
  }
  return rows;
}
