/**
 * The statements behind the spam rule (app/ingest/spam.server.ts) and the
 * review of what it flags (app/suspects/suspects.server.ts): reading a
 * tablet's taps around new ones, listing flagged responses, and changing a
 * response's suspect flag together with its rollups (`markResponses`, the one
 * place that does both).
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { compiledQuery } from "../compiled";
import type { RollupSource } from "~/domain/response";
import type { Database, SuspectReason, SuspectReview } from "../schema";
import { harassmentResponsesToOpen, openCases, setCasesSuspect } from "./cases";
import { ROLLUP_SOURCE_SELECT, type StoredResponse, toStoredResponse } from "./responses";
import { applyToRollups } from "./rollups";

type Db = Kysely<Database>;

const TAP_SELECT = [
  "id",
  "effective_at as effectiveAt",
  "suspect_reason as suspectReason",
  "suspect_review as suspectReview",
  ...ROLLUP_SOURCE_SELECT,
] as const;

/** What the spam rule reads of a stored tap: its time, its flags, and what its rollups need. */
export type StoredTap = Pick<StoredResponse, "id" | "effectiveAt" | "suspectReason" | "suspectReview"> &
  Required<RollupSource>;

// Run per tablet per ingest group: compiled once.
const selectLaterTaps = compiledQuery((db: Db, deviceId: number, from: string, to: string) =>
  db
    .selectFrom("responses")
    .select(TAP_SELECT)
    .where("device_id", "=", deviceId)
    .where("effective_at", ">=", from)
    .where("effective_at", "<=", to)
);

// Times only, so the (device_id, effective_at) index answers alone; one compiled
// query per limit, which is its LIMIT as a literal (see db/compiled.ts).
const selectEarlierTapTimes = new Map<
  number,
  (db: Db, deviceId: number, from: string, before: string) => Promise<{ effective_at: string }[]>
>();

function earlierTapTimesQuery(max: number) {
  let query = selectEarlierTapTimes.get(max);
  if (!query) {
    query = compiledQuery((db: Db, deviceId: number, from: string, before: string) =>
      db
        .selectFrom("responses")
        .select("effective_at")
        .where("device_id", "=", deviceId)
        .where("effective_at", ">=", from)
        .where("effective_at", "<", before)
        .orderBy("effective_at", "desc")
        .limit(sql.lit(max))
    );
    selectEarlierTapTimes.set(max, query);
  }
  return query;
}

/** One tablet's ranges of stored taps to read (ISO times). */
export interface TapRanges {
  deviceId: number;
  /** Earlier taps: from `earlierFromAt` up to (not including) `fromAt`. */
  earlierFromAt: string;
  fromAt: string;
  /** Later taps: from `fromAt` to `laterToAt`, both included. */
  laterToAt: string;
}

/** Per tablet: the times of its last `earlierMax` taps in the earlier range (newest first) and its taps in the later range. */
export interface TapsAround {
  earlier: string[];
  later: StoredTap[];
}

/**
 * Reads each tablet's stored taps in its two ranges. SQLite answers two small
 * compiled queries per tablet fastest; on PostgreSQL every statement is a
 * round trip, so all tablets are read in two statements (measured both ways,
 * `npm run bench`).
 */
export async function findTapsAround(
  db: Db,
  ranges: readonly TapRanges[],
  earlierMax: number
): Promise<Map<number, TapsAround>> {
  const out = new Map<number, TapsAround>(ranges.map((d) => [d.deviceId, { earlier: [], later: [] }]));
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await readAllInTwoStatements(db, ranges, earlierMax, out);
    return out;
  }
  for (const { deviceId, earlierFromAt, fromAt, laterToAt } of ranges) {
    const around = out.get(deviceId)!;
    around.later = await selectLaterTaps(db, deviceId, fromAt, laterToAt);
    const earlier = await earlierTapTimesQuery(earlierMax)(db, deviceId, earlierFromAt, fromAt);
    around.earlier = earlier.map((r) => r.effective_at);
  }
  return out;
}

async function readAllInTwoStatements(
  db: Db,
  ranges: readonly TapRanges[],
  earlierMax: number,
  out: Map<number, TapsAround>
): Promise<void> {
  const ids = ranges.map((d) => d.deviceId);
  const fromAts = ranges.map((d) => d.fromAt);
  const laterToAts = ranges.map((d) => d.laterToAt);
  const earlierFromAts = ranges.map((d) => d.earlierFromAt);
  const later = await sql<StoredTap & { device_id: number }>`
    select d.device_id, t.*
    from unnest(${ids}::integer[], ${fromAts}::text[], ${laterToAts}::text[]) as d(device_id, from_at, to_at)
    cross join lateral (
      select ${sql.join(TAP_SELECT.map(aliased))} from responses r
      where r.device_id = d.device_id and r.effective_at >= d.from_at and r.effective_at <= d.to_at
    ) t`.execute(db);
  const earlier = await sql<{ device_id: number; effective_at: string }>`
    select d.device_id, t.effective_at
    from unnest(${ids}::integer[], ${earlierFromAts}::text[], ${fromAts}::text[]) as d(device_id, from_at, before_at)
    cross join lateral (
      select r.effective_at from responses r
      where r.device_id = d.device_id and r.effective_at >= d.from_at and r.effective_at < d.before_at
      order by r.effective_at desc limit ${sql.lit(earlierMax)}
    ) t`.execute(db);
  for (const { device_id, ...tap } of later.rows) out.get(device_id)!.later.push(tap);
  for (const r of earlier.rows) out.get(r.device_id)!.earlier.push(r.effective_at);
}

/** A select list entry ("column" or "column as alias") as SQL over `responses r`. */
function aliased(entry: string) {
  const [column, alias = column] = entry.split(" as ");
  return sql`${sql.ref(`r.${column}`)} as ${sql.ref(alias)}`;
}

/** Ids per flagging statement. */
const UPDATE_CHUNK = 1_000;

/** A change of responses' suspect flag: set by the rule (with its reason) or by a manager's review. */
export type SuspectChange = { suspect: 1; reason: SuspectReason } | { suspect: 0 | 1; review: SuspectReview };

/**
 * Sets the suspect flag (and the rule's reason or the manager's review) of
 * responses, and moves the rollups of those whose flag changes from counted
 * to suspect or back. `notInRollupsYet`: ids stored in this transaction whose
 * rollups are still to be applied (by the ingest, already flagged), so not
 * moved here. Harassment cases follow (issue 16): a counted response made
 * suspect keeps its case, marked suspect; a suspect one counted after all
 * opens its case (due on `cases.dueOn`) or unmarks it. Call inside a transaction.
 */
export async function markResponses(
  db: Db,
  rows: readonly (RollupSource & { id: string })[],
  change: SuspectChange,
  cases: { at: string; userId: number | null; dueOn: string | null },
  notInRollupsYet: ReadonlySet<string> = new Set()
): Promise<void> {
  if (rows.length === 0) return;
  const moved = rows.filter((r) => r.suspect !== change.suspect && !notInRollupsYet.has(r.id));
  if (moved.length > 0) {
    await applyToRollups(db, moved, -1);
    await applyToRollups(
      db,
      moved.map((r) => ({ ...r, suspect: change.suspect })),
      1
    );
  }
  const set =
    "reason" in change
      ? { suspect: change.suspect, suspect_reason: change.reason }
      : { suspect: change.suspect, suspect_review: change.review };
  const ids = rows.map((r) => r.id);
  // In chunks: a day's backlog may flag more taps than a statement takes parameters (SQLite 32,766).
  for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
    await db
      .updateTable("responses")
      .set(set)
      .where("id", "in", ids.slice(i, i + UPDATE_CHUNK))
      .execute();
  }
  const harassment = moved.filter((r) => r.harassment === 1).map((r) => r.id);
  if (harassment.length === 0) return;
  await setCasesSuspect(db, harassment, change.suspect, cases.at, cases.userId);
  if (change.suspect === 0 && cases.dueOn !== null)
    await openCases(db, await harassmentResponsesToOpen(db, harassment, cases.at, cases.dueOn), cases.userId);
}

/** The flagged responses among `ids` (within `unitIds` when given), as stored, in tap order. */
export async function findFlaggedResponses(
  db: Db,
  ids: readonly string[],
  unitIds?: readonly number[]
): Promise<StoredResponse[]> {
  let q = db
    .selectFrom("responses")
    .selectAll()
    .where("id", "in", ids)
    .where("suspect_reason", "is not", null)
    .orderBy("effective_at")
    .orderBy("id");
  if (unitIds) q = q.where("unit_id", "in", unitIds);
  return (await q.execute()).map(toStoredResponse);
}
