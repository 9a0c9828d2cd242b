/**
 * Officers (cán bộ tiếp nhận): their desk assignments (a move closes one and
 * opens the next, so history stays), their duty at a desk's tablet, and the
 * per-officer rollup the officer reports read (ADR 056). Times are ISO UTC.
 */
import { type Kysely, sql } from "kysely";
import { multiRowInsert } from "../insert-values";
import { cachedDirectoryRows, cachedPartSums, raiseDirectoryEpoch, shareOnly } from "./rollup-cache";
import { countsOf, deltaRows, readMonthSoFar, sumCounts, sumsById } from "./rollup-counts";
import { isMonthSoFar, monthParts, splitByWholeMonths } from "~/domain/periods";
import { type RollupSource, addRollupCounts, emptyRollupCounts, rollupDelta } from "~/domain/response";
import { searchKey } from "~/utils/search-key";
import { type Database, ROLLUP_COUNT_COLUMNS, type RollupCounts, type UnitLevel } from "../schema";

type Db = Kysely<Database>;

export interface Officer {
  id: number;
  code: string;
  name: string;
  deskId: number;
  active: boolean;
  hasPin: boolean;
  createdAt: string;
  deactivatedAt: string | null;
}

export interface OfficerListing extends Officer {
  deskCode: string;
  deskName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: UnitLevel;
}

export interface OfficerAssignment {
  deskId: number;
  deskCode: string;
  deskName: string;
  activeFrom: string;
  activeTo: string | null;
}

const OFFICER_COLUMNS = [
  "officers.id",
  "officers.code",
  "officers.name",
  "officers.desk_id",
  "officers.active",
  "officers.pin_hash",
  "officers.created_at",
  "officers.deactivated_at",
] as const;

function toOfficer(r: {
  id: number;
  code: string;
  name: string;
  desk_id: number;
  active: number;
  pin_hash: string | null;
  created_at: string;
  deactivated_at: string | null;
}): Officer {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    deskId: Number(r.desk_id),
    active: Number(r.active) === 1,
    hasPin: r.pin_hash !== null,
    createdAt: r.created_at,
    deactivatedAt: r.deactivated_at,
  };
}

/** A new officer serving at a desk from `at` (its first assignment). */
export async function insertOfficer(
  db: Db,
  officer: { code: string; name: string; deskId: number; pinHash: string | null; at: string }
): Promise<Officer> {
  const row = await db
    .insertInto("officers")
    .values({
      code: officer.code,
      name: officer.name,
      desk_id: officer.deskId,
      pin_hash: officer.pinHash,
      created_at: officer.at,
      search_key: searchKey(officer.name, officer.code),
    })
    .returning(["id", "code", "name", "desk_id", "active", "pin_hash", "created_at", "deactivated_at"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("officer_assignments")
    .values({ officer_id: row.id, desk_id: officer.deskId, active_from: officer.at })
    .execute();
  await raiseDirectoryEpoch(db, "officers");
  return toOfficer(row);
}

export async function findOfficerById(db: Db, id: number): Promise<Officer | undefined> {
  const row = await db.selectFrom("officers").select(OFFICER_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toOfficer(row) : undefined;
}

export async function findOfficerByCode(db: Db, code: string): Promise<Officer | undefined> {
  const row = await db.selectFrom("officers").select(OFFICER_COLUMNS).where("code", "=", code).executeTakeFirst();
  return row ? toOfficer(row) : undefined;
}

/**
 * The officer a dossier's `officerCode` names, if that officer served at some
 * desk at `at` (ISO UTC): an officer not yet assigned, or deactivated before,
 * is not attributed. Null for an unknown code.
 */
export async function findOfficerIdByCode(db: Db, code: string, at: string): Promise<number | null> {
  const row = await db
    .selectFrom("officers")
    .innerJoin("officer_assignments", "officer_assignments.officer_id", "officers.id")
    .select("officers.id")
    .where("officers.code", "=", code.trim())
    .where("officer_assignments.active_from", "<=", at)
    .where((eb) =>
      eb.or([eb("officer_assignments.active_to", "is", null), eb("officer_assignments.active_to", ">", at)])
    )
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** Officers with their (last) desk and its unit, optionally only those of some units (a scope). */
export async function listOfficers(db: Db, filter: { unitIds?: readonly number[] } = {}): Promise<OfficerListing[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = db
    .selectFrom("officers")
    .innerJoin("desks", "desks.id", "officers.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .select([
      ...OFFICER_COLUMNS,
      "desks.code as desk_code",
      "desks.name as desk_name",
      "units.id as unit_id",
      "units.code as unit_code",
      "units.name as unit_name",
      "units.level as unit_level",
    ]);
  if (filter.unitIds) q = q.where("desks.unit_id", "in", filter.unitIds);
  const rows = await q.orderBy("units.code").orderBy("officers.code").execute();
  return rows.map((r) => ({
    ...toOfficer(r),
    deskCode: r.desk_code,
    deskName: r.desk_name,
    unitId: Number(r.unit_id),
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitLevel: r.unit_level,
  }));
}

/** Where the officer served, oldest first. */
export async function listAssignments(db: Db, officerId: number): Promise<OfficerAssignment[]> {
  const rows = await db
    .selectFrom("officer_assignments")
    .innerJoin("desks", "desks.id", "officer_assignments.desk_id")
    .select([
      "officer_assignments.desk_id",
      "desks.code",
      "desks.name",
      "officer_assignments.active_from",
      "officer_assignments.active_to",
    ])
    .where("officer_assignments.officer_id", "=", officerId)
    .orderBy("officer_assignments.active_from")
    .orderBy("officer_assignments.id")
    .execute();
  return rows.map((r) => ({
    deskId: Number(r.desk_id),
    deskCode: r.code,
    deskName: r.name,
    activeFrom: r.active_from,
    activeTo: r.active_to,
  }));
}

export async function renameOfficer(db: Db, id: number, name: string): Promise<void> {
  const row = await db.selectFrom("officers").select("code").where("id", "=", id).executeTakeFirst();
  if (!row) return;
  await db
    .updateTable("officers")
    .set({ name, search_key: searchKey(name, row.code) })
    .where("id", "=", id)
    .execute();
  await raiseDirectoryEpoch(db, "officers");
}

/** Closes the open assignment at `at` and opens one at the new desk; ends a duty at the old desk. */
export async function moveOfficer(db: Db, id: number, deskId: number, at: string): Promise<void> {
  await closeAssignments(db, id, at);
  await db.insertInto("officer_assignments").values({ officer_id: id, desk_id: deskId, active_from: at }).execute();
  await db.updateTable("officers").set({ desk_id: deskId }).where("id", "=", id).execute();
  await raiseDirectoryEpoch(db, "officers");
  await endDutiesWhere(db, "officer_id", id, at);
}

/** No longer serving: the assignment closes, a duty ends, the PIN stops working. */
export async function deactivateOfficer(db: Db, id: number, at: string): Promise<void> {
  await closeAssignments(db, id, at);
  await db.updateTable("officers").set({ active: 0, deactivated_at: at }).where("id", "=", id).execute();
  await raiseDirectoryEpoch(db, "officers");
  await endDutiesWhere(db, "officer_id", id, at);
}

/** Serving again at its last desk, from `at`. */
export async function reactivateOfficer(db: Db, id: number, deskId: number, at: string): Promise<void> {
  await db.insertInto("officer_assignments").values({ officer_id: id, desk_id: deskId, active_from: at }).execute();
  await db.updateTable("officers").set({ active: 1, deactivated_at: null }).where("id", "=", id).execute();
  await raiseDirectoryEpoch(db, "officers");
}

async function closeAssignments(db: Db, id: number, at: string): Promise<void> {
  await db
    .updateTable("officer_assignments")
    .set({ active_to: at })
    .where("officer_id", "=", id)
    .where("active_to", "is", null)
    .execute();
}

/** A new PIN hash (null: none); clears the wrong-PIN count. */
export async function setOfficerPin(db: Db, id: number, pinHash: string | null): Promise<void> {
  await db
    .updateTable("officers")
    .set({ pin_hash: pinHash, pin_failures: 0, pin_locked_until: null })
    .where("id", "=", id)
    .execute();
}

/** What a duty sign-in checks: the PIN's hash and how many wrong PINs came in a row. */
export interface OfficerPinState {
  id: number;
  name: string;
  deskId: number;
  active: boolean;
  pinHash: string | null;
  pinFailures: number;
  pinLockedUntil: string | null;
}

export async function findPinState(db: Db, code: string): Promise<OfficerPinState | undefined> {
  const r = await db
    .selectFrom("officers")
    .select(["id", "name", "desk_id", "active", "pin_hash", "pin_failures", "pin_locked_until"])
    .where("code", "=", code)
    .executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        name: r.name,
        deskId: Number(r.desk_id),
        active: Number(r.active) === 1,
        pinHash: r.pin_hash,
        pinFailures: Number(r.pin_failures),
        pinLockedUntil: r.pin_locked_until,
      }
    : undefined;
}

/** Counts a wrong PIN (atomically); locks the PIN until `lockUntil` once `lockAfter` came in a row. */
export async function recordPinFailure(db: Db, id: number, lockAfter: number, lockUntil: string): Promise<void> {
  await db
    .updateTable("officers")
    .set((eb) => ({ pin_failures: eb("pin_failures", "+", 1) }))
    .where("id", "=", id)
    .execute();
  await db
    .updateTable("officers")
    .set({ pin_failures: 0, pin_locked_until: lockUntil })
    .where("id", "=", id)
    .where("pin_failures", ">=", lockAfter)
    .execute();
}

export async function clearPinFailures(db: Db, id: number): Promise<void> {
  await db.updateTable("officers").set({ pin_failures: 0, pin_locked_until: null }).where("id", "=", id).execute();
}

export interface Duty {
  id: number;
  officerId: number;
  officerName: string;
  deskId: number;
  startedAt: string;
  endsAt: string;
}

/**
 * An officer on duty at a desk from `at` until `endsAt`; whoever was on duty
 * at that desk (or this officer anywhere) stops at `at`.
 */
export async function startDuty(
  db: Db,
  duty: { officerId: number; deskId: number; deviceId: number | null; at: string; endsAt: string }
): Promise<void> {
  await endDutiesWhere(db, "desk_id", duty.deskId, duty.at);
  await endDutiesWhere(db, "officer_id", duty.officerId, duty.at);
  await db
    .insertInto("officer_duties")
    .values({
      officer_id: duty.officerId,
      desk_id: duty.deskId,
      device_id: duty.deviceId,
      started_at: duty.at,
      ends_at: duty.endsAt,
    })
    .execute();
}

/** Ends the duty running at a desk at `at` (signing out). */
export function endDutyAtDesk(db: Db, deskId: number, at: string): Promise<void> {
  return endDutiesWhere(db, "desk_id", deskId, at);
}

/** Ends at `at` the duties running then at a desk, or of an officer. */
async function endDutiesWhere(db: Db, column: "desk_id" | "officer_id", id: number, at: string): Promise<void> {
  await db
    .updateTable("officer_duties")
    .set({ ends_at: at })
    .where(column, "=", id)
    .where("started_at", "<=", at)
    .where("ends_at", ">", at)
    .execute();
}

/** The duty at a desk at `at`, if any. */
export async function findDutyAt(db: Db, deskId: number, at: string): Promise<Duty | undefined> {
  const [duty] = await listDutiesOverlapping(db, [deskId], at, at);
  return duty;
}

/** Duties at these desks that cover some instant in [from, to] (both included). */
export async function listDutiesOverlapping(
  db: Db,
  deskIds: readonly number[],
  from: string,
  to: string
): Promise<Duty[]> {
  if (deskIds.length === 0) return [];
  const rows = await db
    .selectFrom("officer_duties")
    .innerJoin("officers", "officers.id", "officer_duties.officer_id")
    .select([
      "officer_duties.id",
      "officer_duties.officer_id",
      "officers.name",
      "officer_duties.desk_id",
      "officer_duties.started_at",
      "officer_duties.ends_at",
    ])
    .where("officer_duties.desk_id", "in", [...new Set(deskIds)])
    .where("officer_duties.started_at", "<=", to)
    .where("officer_duties.ends_at", ">", from)
    .orderBy("officer_duties.started_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    officerId: Number(r.officer_id),
    officerName: r.name,
    deskId: Number(r.desk_id),
    startedAt: r.started_at,
    endsAt: r.ends_at,
  }));
}

/** The officer on duty at the row's desk at its effective time (the latest duty started, should two overlap). */
export function officerOnDuty(duties: readonly Duty[], deskId: number, at: string): number | null {
  for (const d of duties) if (d.deskId === deskId && d.startedAt <= at && at < d.endsAt) return d.officerId;
  return null;
}

/** What of a response the officer rollup keys on, besides what every rollup does. */
export type OfficerRollupSource = RollupSource & { officerId?: number | null };

/** The officer rollup's grains: by day, and by whole month (summed from the days, as the other month grains). */
const OFFICER_GRAINS = [
  { table: "rollup_day_officer", period: "local_date", periodOf: (date: string) => date },
  { table: "rollup_month_officer", period: "month", periodOf: (date: string) => date.slice(0, 7) },
] as const;

/** Adds (+1) or removes (-1) responses with an officer from the officer rollup's grains, in the caller's transaction. */
export async function applyToOfficerRollups(
  db: Db,
  sources: readonly OfficerRollupSource[],
  sign: 1 | -1
): Promise<void> {
  const deltas = sources.map(rollupDelta);
  for (const grain of OFFICER_GRAINS) {
    const list = deltaRows(
      sources,
      deltas,
      (s) =>
        s.officerId === null || s.officerId === undefined
          ? null
          : [grain.periodOf(s.localDate), Number(s.officerId), s.unitId],
      sign
    );
    const tail =
      `on conflict ("${grain.period}", "officer_id", "unit_id") do update set ` +
      ROLLUP_COUNT_COLUMNS.map((c) => `"${c}" = "${grain.table}"."${c}" + excluded."${c}"`).join(", ");
    for (let i = 0; i < list.length; i += 1000) {
      await db.executeQuery(
        multiRowInsert(
          db,
          grain.table,
          [grain.period, "officer_id", "unit_id", ...ROLLUP_COUNT_COLUMNS],
          list.slice(i, i + 1000),
          tail
        )
      );
    }
  }
}

/** Recomputes the officer rollup from the responses (inside rebuildRollups' transaction). Returns its day rows. */
export async function rebuildOfficerRollups(trx: Db): Promise<number> {
  await trx.deleteFrom("rollup_day_officer").execute();
  await trx.deleteFrom("rollup_month_officer").execute();
  const columns = sql.raw(ROLLUP_COUNT_COLUMNS.join(", "));
  await sql`insert into rollup_day_officer (local_date, officer_id, unit_id, ${columns})
    select local_date, officer_id, unit_id,
      sum(case when suspect = 0 then 1 else 0 end),
      sum(case when suspect = 0 and rating = 'very_satisfied' then 1 else 0 end),
      sum(case when suspect = 0 and rating = 'satisfied' then 1 else 0 end),
      sum(case when suspect = 0 and rating = 'neutral' then 1 else 0 end),
      sum(case when suspect = 0 and rating = 'dissatisfied' then 1 else 0 end),
      sum(case when suspect = 0 and harassment <> 0 then 1 else 0 end),
      sum(case when suspect = 0 and on_time <> 0 then 1 else 0 end),
      sum(case when suspect = 0 and on_time is not null then 1 else 0 end),
      sum(case when suspect <> 0 then 1 else 0 end)
    from responses where officer_id is not null
    group by local_date, officer_id, unit_id`.execute(trx);
  const sums = sql.raw(ROLLUP_COUNT_COLUMNS.map((c) => `sum(${c})`).join(", "));
  await sql`insert into rollup_month_officer (month, officer_id, unit_id, ${columns})
    select substr(local_date, 1, 7), officer_id, unit_id, ${sums}
    from rollup_day_officer group by substr(local_date, 1, 7), officer_id, unit_id`.execute(trx);
  const row = await trx
    .selectFrom("rollup_day_officer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OfficerSums extends RollupCounts {
  officerId: number;
  code: string;
  name: string;
  /** The officer's current (or last) desk and its unit: whose scope sees the row. */
  deskName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
}

/**
 * Counts per officer over local dates [from, to], from the officer rollup:
 * its whole months from the month grain, the days at either end from the day
 * grain (as `sumRollups`). `unitIds`: only officers whose (current or last)
 * desk is in these units. Ordered by unit code, then officer code.
 */
export async function sumOfficerRollups(
  db: Db,
  filter: { from: string; to: string; unitIds?: readonly number[] }
): Promise<readonly OfficerSums[]> {
  if (filter.unitIds?.length === 0) return [];
  const split = splitByWholeMonths(filter.from, filter.to);
  const parts = [
    ...(split.months
      ? monthParts(split.months).map((range) => ({ table: "rollup_month_officer" as const, range }))
      : []),
    ...split.days.map((range) => ({ table: "rollup_day_officer" as const, range })),
  ];
  const read = ({ table, range }: (typeof parts)[number]) => {
    const grain = (t: typeof table) => readOfficerGrain(db, t, range.from, range.to, filter);
    // The month so far (often today's part) from the month grain when nothing is dated after it.
    return table === "rollup_day_officer" && isMonthSoFar(range)
      ? readMonthSoFar(
          db,
          range.to,
          () => grain("rollup_month_officer"),
          () => grain(table)
        )
      : grain(table);
  };
  const [officers, sums] = await Promise.all([
    officersOfUnits(db, filter.unitIds),
    filter.unitIds
      ? // A scope's are read: they follow the officers' current desks, which a move changes without touching the rollup.
        Promise.all(parts.map(read)).then((rows) => mergeOfficerSums(rows.flat()))
      : // Every officer's sums are kept while their months stand still (ADR 063).
        cachedPartSums(
          db,
          parts.map((part) => ({
            key: [part.table, part.range.from, part.range.to].join("|"),
            ...part.range,
            read: () => read(part),
          })),
          mergeOfficerSums
        ),
  ]);
  // Both kept and unchanged: the rows made from them last time (6,642 officers in a country).
  let made = joined.get(officers);
  if (!made) joined.set(officers, (made = new WeakMap()));
  let out = made.get(sums);
  if (!out) {
    const byId = new Map(sums);
    const rows: OfficerSums[] = [];
    for (const officer of officers) {
      const counts = byId.get(officer.officerId);
      // A fresh counts object first, then the officer's fields (a spread of both made slow dictionary objects).
      if (counts) rows.push(Object.assign(addRollupCounts(emptyRollupCounts(), counts), officer));
    }
    if (process.env.NODE_ENV !== "production") shareOnly(rows);
    made.set(sums, (out = rows));
  }
  return out;
}

/** Officer rows made from a kept officer list and kept sums, by those two: gone with them. */
const joined = new WeakMap<readonly object[], WeakMap<readonly object[], readonly OfficerSums[]>>();

type OfficerCounts = readonly [officerId: number, counts: RollupCounts];

/** Rows of several parts added up per officer (new rows: kept ones are never changed). */
function mergeOfficerSums(rows: readonly OfficerCounts[]): OfficerCounts[] {
  return [
    ...sumsById(
      rows,
      ([officerId]) => officerId,
      ([, counts]) => counts,
      ([, counts]) => addRollupCounts(emptyRollupCounts(), counts)
    ),
  ];
}

/** Byte order: the same on both databases, whatever their collation. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The officers whose (current or last) desk is in these units (all when undefined), with their desk and unit,
 * ordered by unit code, then officer code; kept while no unit, desk or officer changes.
 */
function officersOfUnits(db: Db, unitIds: readonly number[] | undefined) {
  return cachedDirectoryRows(db, `officers of ${unitIds?.join(",") ?? "*"}`, ["units", "desks", "officers"], () =>
    readOfficersOfUnits(db, unitIds)
  );
}

async function readOfficersOfUnits(db: Db, unitIds: readonly number[] | undefined) {
  let q = db
    .selectFrom("officers")
    .innerJoin("desks", "desks.id", "officers.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .select(["officers.id", "officers.code", "officers.name", "desks.name as deskName", "units.id as unitId"])
    .select(["units.code as unitCode", "units.name as unitName"]);
  if (unitIds) q = q.where("desks.unit_id", "in", unitIds);
  const rows = await q.execute();
  return rows
    .map((r) => ({
      officerId: Number(r.id),
      code: r.code,
      name: r.name,
      deskName: r.deskName,
      unitId: Number(r.unitId),
      unitCode: r.unitCode,
      unitName: r.unitName,
    }))
    .sort((a, b) => (a.unitCode === b.unitCode ? compareText(a.code, b.code) : compareText(a.unitCode, b.unitCode)));
}

/**
 * One grain's sums per officer over a range of its periods, grouped by the officer alone (grouping by
 * the names as well made SQLite sort every row by them: ~4× slower for a national year).
 */
async function readOfficerGrain(
  db: Db,
  table: "rollup_day_officer" | "rollup_month_officer",
  from: string,
  to: string,
  filter: { unitIds?: readonly number[] }
): Promise<[officerId: number, counts: RollupCounts][]> {
  const monthly = table === "rollup_month_officer";
  const period = monthly ? "r.month" : "r.local_date";
  let q = db
    .selectFrom(`${table} as r` as "rollup_day_officer as r")
    .select("r.officer_id")
    .select(sumCounts("r"))
    .where(sql.ref(period), ">=", monthly ? from.slice(0, 7) : from)
    .where(sql.ref(period), "<=", monthly ? to.slice(0, 7) : to)
    .groupBy("r.officer_id");
  if (filter.unitIds) {
    // From the scope's desks to their officers to the officers' rows (indexes on each step).
    q = q
      .innerJoin("officers", "officers.id", "r.officer_id")
      .innerJoin("desks", "desks.id", "officers.desk_id")
      .where("desks.unit_id", "in", filter.unitIds);
  }
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows.map((r) => [Number(r.officer_id), countsOf(r)]);
}

/**
 * The officers the one-stop system named on these dossiers (their code, as
 * assigned to a desk at `at` of each response), by dossier id.
 */
export async function findOfficersNamedByDossiers(
  db: Db,
  wanted: readonly { dossierId: number; at: string }[]
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (wanted.length === 0) return out;
  const dossiers = await db
    .selectFrom("dossiers")
    .select(["id", "officer_code"])
    .where(
      "id",
      "in",
      wanted.map((w) => w.dossierId)
    )
    .where("officer_code", "is not", null)
    .execute();
  const codes = new Map(dossiers.map((d) => [Number(d.id), d.officer_code!]));
  for (const { dossierId, at } of wanted) {
    const code = codes.get(dossierId);
    if (code === undefined || out.has(dossierId)) continue;
    const officerId = await findOfficerIdByCode(db, code, at);
    if (officerId !== null) out.set(dossierId, officerId);
  }
  return out;
}
