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
 * handling, not with the rollups. The directory (units, desks, officers) has
 * a counter per table (`directory_epochs`), raised by every repository
 * function that writes one of them: the unit tree and the officer list a
 * report reads are kept while they stand still.
 */
import type { Kysely } from "kysely";
import type { Database, DirectoryTable } from "../schema";

type Db = Kysely<Database>;
/** The counters a kept read depends on. */
export type EpochTable = "rollup_epochs" | "case_epochs";

/**
 * What is kept at most per database handle, over all entries: a row counts 1, an entry 1 more, its key 1 per
 * 200 characters (~40 MB; a national month by desk is ~7,000 rows).
 */
const MAX_WEIGHT = 200_000;

interface Entry {
  epochs: number;
  rows: readonly object[];
  weight: number;
}

/** Per database handle, in least-recently-used order (a Map keeps insertion order). */
const caches = new WeakMap<Db, { entries: Map<string, Entry>; weight: number }>();

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

/** Raises the counter of a directory table, in the caller's transaction (every write to its rows). */
export async function raiseDirectoryEpoch(db: Db, name: DirectoryTable): Promise<void> {
  await db
    .insertInto("directory_epochs")
    .values({ name, epoch: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet((eb) => ({ epoch: eb("directory_epochs.epoch", "+", 1) })))
    .execute();
}

async function directoryEpochsOf(db: Db, names: readonly DirectoryTable[]): Promise<number> {
  const row = await db
    .selectFrom("directory_epochs")
    .select((eb) => eb.fn.sum<number | string | null>("epoch").as("epochs"))
    .where("name", "in", names)
    .executeTakeFirst();
  return Number(row?.epochs ?? 0);
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
  return keptRows(db, key, () => epochsOf(db, "rollup_epochs", months), read);
}

/** As cachedRollupRows, for rows that change with the cases opened in `months`. */
export function cachedCaseRows<T extends object>(
  db: Db,
  key: string,
  months: { from: string; to: string },
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  return keptRows(db, `cases ${key}`, () => epochsOf(db, "case_epochs", months), read);
}

/** As cachedRollupRows, for rows read from these directory tables. */
export function cachedDirectoryRows<T extends object>(
  db: Db,
  key: string,
  tables: readonly DirectoryTable[],
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  return keptRows(db, `directory ${key}`, () => directoryEpochsOf(db, tables), read);
}

/** A range's sums in parts (the grains a range is read from), each read through `cachedRollupRows`. */
export interface RollupPart<T> {
  key: string;
  /** Local dates, both included. */
  from: string;
  to: string;
  read: () => Promise<T[]>;
}

/**
 * The sums of a range read in parts, added up by `merge` (which returns new rows and never changes those it is
 * given). The latest part is often today's, whose counter moves with every answer: the others are added up once
 * and kept as one (a year's earlier parts stand still), so each read adds the latest part to that alone.
 */
export async function cachedPartSums<T extends object>(
  db: Db,
  parts: readonly RollupPart<T>[],
  merge: (rows: readonly T[]) => T[]
): Promise<readonly T[]> {
  const read = (part: RollupPart<T>): Promise<readonly T[]> =>
    cachedRollupRows(db, part.key, { from: part.from.slice(0, 7), to: part.to.slice(0, 7) }, part.read);
  if (parts.length === 1) return read(parts[0]);
  const byDate = [...parts].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const latest = byDate.pop()!;
  const earlier =
    byDate.length === 1
      ? read(byDate[0])
      : cachedRollupRows(
          db,
          `merged ${byDate.map((p) => p.key).join(" + ")}`,
          { from: byDate[0].from.slice(0, 7), to: byDate.at(-1)!.to.slice(0, 7) },
          async () => merge((await Promise.all(byDate.map(read))).flat())
        );
  const [before, last] = await Promise.all([earlier, read(latest)]);
  // Both kept and unchanged (no answer since, or a closed period): the sum made from them last time.
  let made = merged.get(before);
  if (!made) merged.set(before, (made = new WeakMap()));
  let sum = made.get(last);
  if (!sum) {
    sum = merge([...before, ...last]);
    if (process.env.NODE_ENV !== "production") shareOnly(sum);
    made.set(last, sum);
  }
  return sum as readonly T[];
}

/** The sums made from two kept row lists, by those lists: gone with them when the memory lets them go. */
const merged = new WeakMap<readonly object[], WeakMap<readonly object[], readonly object[]>>();

/**
 * The rows `read` returns for `key`, from memory while `epochs()` gives the number they were read at. The
 * counters are read before the rows, so a change committed between the two only makes the next read miss.
 */
async function keptRows<T extends object>(
  db: Db,
  key: string,
  epochs: () => Promise<number>,
  read: () => Promise<T[]>
): Promise<readonly T[]> {
  if (db.isTransaction) return read();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), weight: 0 }));
  const epoch = await epochs();
  const kept = cache.entries.get(key);
  if (kept?.epochs === epoch) {
    cache.entries.delete(key);
    cache.entries.set(key, kept);
    return kept.rows as readonly T[];
  }
  const rows = await read();
  if (process.env.NODE_ENV !== "production") shareOnly(rows);
  // Counted by rows and key (an empty read and a long key cost memory too).
  const weight = rows.length + 1 + Math.ceil(key.length / 200);
  // Whatever is under the key now goes: an older read, or one made meanwhile by a request that missed too.
  const replaced = cache.entries.get(key);
  if (replaced) {
    cache.entries.delete(key);
    cache.weight -= replaced.weight;
  }
  if (weight <= MAX_WEIGHT) {
    cache.entries.set(key, { epochs: epoch, rows, weight });
    cache.weight += weight;
    for (const [oldest, entry] of cache.entries) {
      if (cache.weight <= MAX_WEIGHT) break;
      cache.entries.delete(oldest);
      cache.weight -= entry.weight;
    }
  }
  return rows;
}

/** Rows shared between callers, frozen outside production: a caller that changes the list or a row fails in tests. */
export function shareOnly<T extends object>(rows: readonly T[]): readonly T[] {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
}
