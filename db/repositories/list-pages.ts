/**
 * The administration's lists, one page at a time (issue 18, ADR 058): units,
 * desks, tablets, users, officers, the audit log and the suspect responses
 * filtered by a set of units (a scope or a chosen
 * subtree), a state, a search over the stored search keys
 * (app/utils/search-key.ts), sorted, and cut into pages by LIMIT/OFFSET with
 * the total counted by the same filter. `size: null` gives every row (the
 * CSV downloads). Both dialects; rows come back camelCase.
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from "kysely";
import { containsPattern } from "~/utils/search-key";
import type { Database, ResponseRow, Role, SuspectReason, SuspectReview, UnitLevel } from "../schema";
import { type AuditRecord, toAuditRecord } from "./audit";
import { type DeskListing, deskListingColumns } from "./desks";
import { DEVICE_LISTING_COLUMNS, type DeviceListing, type DeviceListingRow, deviceListingOf } from "./devices";
import { USER_LISTING_COLUMNS, type UserListing } from "./users";

type Db = Kysely<Database>;

export type SortDirection = "asc" | "desc";

export interface PageRequest<S extends string> {
  sort: S;
  dir: SortDirection;
  /** 1-based. */
  page: number;
  /** Rows per page; null: all rows. */
  size: number | null;
}

export interface Page<T> {
  rows: T[];
  /** Rows matching the filter, over all pages. */
  total: number;
}

/** `text LIKE pattern ESCAPE '\'` — the same on SQLite and PostgreSQL. */
function like(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** Any of the columns contains the folded search text (columns hold search keys or plain lower-case text). */
function contains<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  columns: readonly Expression<unknown>[],
  q: string
): Expression<SqlBool> {
  const pattern = containsPattern(q);
  return eb.or(columns.map((c) => like(c, pattern)));
}

/** What `pageOf` filters a list's rows by: a set of units, and a search over some columns. */
interface ListFilterOf<DB, TB extends keyof DB> {
  /** The rows' unit column and the units to keep: undefined keeps all, an empty list none (an empty scope). */
  unit: { column: string; ids: readonly number[] | undefined };
  /** The text searched for (folded; nothing when empty) and the columns holding search keys or lower-case text. */
  search: { q: string | undefined; columns: (eb: ExpressionBuilder<DB, TB>) => Expression<unknown>[] };
  /**
   * The same rows without the joins the search needs, to count them when nothing is searched (joins on
   * required foreign keys drop no row, but make a long list's count read every row's table entry).
   */
  countWithoutSearch?: SelectQueryBuilder<DB, keyof DB, object>;
}

/**
 * One page of a list (ADR 058): `base` (its joins and the list's own filters)
 * kept to the units and the search, counted, then `rows` selects and orders it
 * and the page is cut by LIMIT/OFFSET (every row when `size` is null). Every
 * list of this module is drawn from it.
 */
async function pageOf<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, object>,
  filter: ListFilterOf<DB, TB>,
  req: PageRequest<string>,
  rows: (q: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>
): Promise<Page<O>> {
  const { ids, column } = filter.unit;
  if (ids?.length === 0) return { rows: [], total: 0 };
  let q = base;
  if (ids !== undefined) q = q.where(sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`);
  const text = filter.search.q;
  if (text) q = q.where((eb) => contains(eb, filter.search.columns(eb), text));
  let counting = text || !filter.countWithoutSearch ? q : filter.countWithoutSearch;
  if (counting !== q && ids !== undefined)
    counting = counting.where(sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`);
  const counted = await counting.select(sql<number | string | bigint>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const { n } = counted as unknown as { n: number | string | bigint };
  let page = rows(q);
  if (req.size !== null) page = page.limit(req.size).offset((req.page - 1) * req.size);
  return { rows: (await page.execute()) as O[], total: Number(n) };
}

// ---- units ---------------------------------------------------------------

export interface UnitListRow {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  parentCode: string | null;
  parentName: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Desks of the unit that are active. */
  desks: number;
}

export type UnitSort = "code" | "name" | "level";

export interface UnitListFilter {
  unitIds?: readonly number[];
  level?: UnitLevel;
  q?: string;
  /** Local date: units that ended before it are left out, unless `ended`. */
  today: string;
  ended?: boolean;
}

export async function pageUnits(
  db: Db,
  filter: UnitListFilter,
  req: PageRequest<UnitSort>
): Promise<Page<UnitListRow>> {
  const base = db
    .selectFrom("units")
    .leftJoin("units as parent", "parent.id", "units.parent_id")
    .$if(filter.level !== undefined, (q) => q.where("units.level", "=", filter.level!))
    .$if(!filter.ended, (q) =>
      q.where((eb) => eb.or([eb("units.valid_to", "is", null), eb("units.valid_to", ">=", filter.today)]))
    );
  const order = {
    code: ["units.code", "units.id"],
    name: ["units.search_key", "units.code", "units.id"],
    level: ["units.level", "units.code", "units.id"],
  } as const;
  const page = await pageOf(
    base,
    {
      unit: { column: "units.id", ids: filter.unitIds },
      search: { q: filter.q, columns: (eb) => [eb.ref("units.search_key"), eb.fn("lower", [eb.ref("units.code")])] },
    },
    req,
    (q) => {
      let rows = q.select((eb) => [
        "units.id",
        "units.code",
        "units.name",
        "units.level",
        "units.parent_id as parentId",
        "parent.code as parentCode",
        "parent.name as parentName",
        "units.valid_from as validFrom",
        "units.valid_to as validTo",
        eb
          .selectFrom("desks")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("desks.unit_id", "=", "units.id")
          .where("desks.active", "=", 1)
          .as("desks"),
      ]);
      for (const column of order[req.sort]) rows = rows.orderBy(column, req.dir);
      return rows;
    }
  );
  return { rows: page.rows.map((r) => ({ ...r, desks: Number(r.desks ?? 0) })), total: page.total };
}

/** Units in scope whose code or name contains the text (the unit picker), open ones first, by code. */
export async function searchUnits(
  db: Db,
  filter: { unitIds?: readonly number[]; q: string; today: string; limit: number }
): Promise<{ id: number; code: string; name: string; level: UnitLevel }[]> {
  if (filter.unitIds?.length === 0) return [];
  return db
    .selectFrom("units")
    .select(["id", "code", "name", "level"])
    .$if(filter.unitIds !== undefined, (q) => q.where("id", "in", filter.unitIds!))
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", filter.today)]))
    .where((eb) => contains(eb, [eb.ref("search_key"), eb.fn("lower", [eb.ref("code")])], filter.q))
    .orderBy("code")
    .orderBy("id")
    .limit(filter.limit)
    .execute();
}

// ---- desks ---------------------------------------------------------------

export type DeskSort = "unit" | "code" | "name";

export interface DeskListFilter {
  unitIds?: readonly number[];
  active?: boolean;
  q?: string;
}

export async function pageDesks(
  db: Db,
  filter: DeskListFilter,
  req: PageRequest<DeskSort>
): Promise<Page<DeskListing>> {
  const base = db
    .selectFrom("desks")
    .innerJoin("units", "units.id", "desks.unit_id")
    .$if(filter.active !== undefined, (q) => q.where("desks.active", "=", filter.active ? 1 : 0));
  const order = {
    unit: ["units.code", "desks.code", "desks.id"],
    code: ["desks.code", "desks.id"],
    name: ["desks.search_key", "desks.code", "desks.id"],
  } as const;
  const page = await pageOf(
    base,
    {
      unit: { column: "desks.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.ref("desks.search_key"),
          eb.fn("lower", [eb.ref("desks.code")]),
          eb.ref("units.search_key"),
          eb.fn("lower", [eb.ref("units.code")]),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.select(deskListingColumns);
      for (const column of order[req.sort]) rows = rows.orderBy(column, req.dir);
      return rows;
    }
  );
  return { rows: page.rows.map((r) => ({ ...r, devices: Number(r.devices ?? 0) })), total: page.total };
}

// ---- tablets -------------------------------------------------------------

/** online / stale / offline as app/domain/device-status.ts decides them, and never paired, revoked. */
export type DeviceListState = "online" | "stale" | "offline" | "never" | "revoked";

export type DeviceSort = "unit" | "name" | "last_seen";

export interface DeviceListFilter {
  unitIds?: readonly number[];
  state?: DeviceListState;
  q?: string;
  /** Heard from at or after this instant: online (ISO). */
  onlineSince: string;
  /** Heard from last at or before this instant: stale (ISO; from the office hours, deviceStateBounds). */
  staleUpTo: string;
}

function deviceState(eb: ExpressionBuilder<Database, "devices">, filter: DeviceListFilter): Expression<SqlBool> {
  const seen = eb.ref("devices.last_seen_at");
  const live = eb("devices.revoked_at", "is", null);
  switch (filter.state!) {
    case "revoked":
      return eb("devices.revoked_at", "is not", null);
    case "never":
      return eb.and([live, eb(seen, "is", null)]);
    case "online":
      return eb.and([live, eb(seen, ">=", filter.onlineSince)]);
    case "stale":
      return eb.and([live, eb(seen, "<", filter.onlineSince), eb(seen, "<=", filter.staleUpTo)]);
    case "offline":
      return eb.and([live, eb(seen, "<", filter.onlineSince), eb(seen, ">", filter.staleUpTo)]);
  }
}

export async function pageDevices(
  db: Db,
  filter: DeviceListFilter,
  req: PageRequest<DeviceSort>
): Promise<Page<DeviceListing>> {
  const base = db
    .selectFrom("devices")
    .innerJoin("desks", "desks.id", "devices.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .$if(filter.state !== undefined, (q) => q.where((eb) => deviceState(eb as never, filter)));
  const page = await pageOf(
    base,
    {
      unit: { column: "desks.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.ref("devices.search_key"),
          eb.ref("desks.search_key"),
          eb.fn("lower", [eb.ref("desks.code")]),
          eb.ref("units.search_key"),
          eb.fn("lower", [eb.ref("units.code")]),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.select(DEVICE_LISTING_COLUMNS);
      if (req.sort === "unit") rows = rows.orderBy("units.code", req.dir).orderBy("desks.code", req.dir);
      else if (req.sort === "name") rows = rows.orderBy("devices.search_key", req.dir);
      // Never heard from sorts as the oldest on both dialects (their NULL orders differ).
      else rows = rows.orderBy(sql`coalesce(devices.last_seen_at, '')`, req.dir);
      return rows.orderBy("devices.id", req.dir);
    }
  );
  return { ...page, rows: page.rows.map((r) => deviceListingOf(r as DeviceListingRow)) };
}

// ---- users ---------------------------------------------------------------

export type UserSort = "username" | "unit" | "role";

export interface UserListFilter {
  unitIds?: readonly number[];
  role?: Role;
  disabled?: boolean;
  q?: string;
}

export async function pageUsers(
  db: Db,
  filter: UserListFilter,
  req: PageRequest<UserSort>
): Promise<Page<UserListing>> {
  const base = db
    .selectFrom("users")
    .leftJoin("units", "units.id", "users.unit_id")
    .$if(filter.role !== undefined, (q) => q.where("users.role", "=", filter.role!))
    .$if(filter.disabled !== undefined, (q) => q.where("users.disabled", "=", filter.disabled ? 1 : 0));
  return pageOf(
    base,
    {
      unit: { column: "users.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.fn("lower", [eb.ref("users.username")]),
          eb.fn("lower", [eb.fn.coalesce("users.email", sql.lit(""))]),
          eb.ref("units.search_key"),
          eb.fn("lower", [eb.ref("units.code")]),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.select(USER_LISTING_COLUMNS);
      if (req.sort === "unit") rows = rows.orderBy(sql`coalesce(units.code, '')`, req.dir);
      else if (req.sort === "role") rows = rows.orderBy("users.role", req.dir);
      return rows.orderBy("users.username", req.dir);
    }
  );
}

// ---- officers ------------------------------------------------------------

export type OfficerSort = "unit" | "code" | "name";

export interface OfficerListFilter {
  unitIds?: readonly number[];
  active?: boolean;
  q?: string;
}

/** An officer as the list shows it: with their (last) desk and its unit. */
export interface OfficerListRow {
  id: number;
  code: string;
  name: string;
  active: boolean;
  hasPin: boolean;
  deskCode: string;
  deskName: string;
  unitCode: string;
  unitName: string;
}

export async function pageOfficers(
  db: Db,
  filter: OfficerListFilter,
  req: PageRequest<OfficerSort>
): Promise<Page<OfficerListRow>> {
  const base = db
    .selectFrom("officers")
    .innerJoin("desks", "desks.id", "officers.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .$if(filter.active !== undefined, (q) => q.where("officers.active", "=", filter.active ? 1 : 0));
  const order = {
    unit: ["units.code", "officers.code", "officers.id"],
    code: ["officers.code", "officers.id"],
    name: ["officers.search_key", "officers.code", "officers.id"],
  } as const;
  const page = await pageOf(
    base,
    {
      unit: { column: "desks.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.ref("officers.search_key"),
          eb.fn("lower", [eb.ref("officers.code")]),
          eb.ref("desks.search_key"),
          eb.fn("lower", [eb.ref("desks.code")]),
          eb.ref("units.search_key"),
          eb.fn("lower", [eb.ref("units.code")]),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.select([
        "officers.id",
        "officers.code",
        "officers.name",
        "officers.active",
        "officers.pin_hash",
        "desks.code as deskCode",
        "desks.name as deskName",
        "units.code as unitCode",
        "units.name as unitName",
      ]);
      for (const column of order[req.sort]) rows = rows.orderBy(column, req.dir);
      return rows;
    }
  );
  return {
    rows: page.rows.map(({ pin_hash, active, id, ...r }) => ({
      ...r,
      id: Number(id),
      active: Number(active) === 1,
      hasPin: pin_hash !== null,
    })),
    total: page.total,
  };
}

// ---- audit log -----------------------------------------------------------

export type AuditSort = "at" | "user" | "entity";

export interface AuditListFilter {
  /** Entries about these units; entries without a unit (installation-wide) only when undefined. */
  unitIds?: readonly number[];
  entity?: string;
  action?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Searched in the user name and the entity's id or code. */
  q?: string;
}

/** The audit log filtered and paged (offset paging, counted like the other lists: ADR 058). */
export async function pageAudit(
  db: Db,
  filter: AuditListFilter,
  req: PageRequest<AuditSort>
): Promise<Page<AuditRecord>> {
  const base = db
    .selectFrom("audit_log")
    .$if(filter.entity !== undefined, (q) => q.where("audit_log.entity", "=", filter.entity!))
    .$if(filter.action !== undefined, (q) => q.where("audit_log.action", "=", filter.action!))
    .$if(filter.from !== undefined, (q) => q.where("audit_log.at", ">=", filter.from!))
    .$if(filter.to !== undefined, (q) => q.where("audit_log.at", "<", filter.to!));
  const order = {
    at: ["audit_log.at", "audit_log.id"],
    user: ["audit_log.username", "audit_log.at", "audit_log.id"],
    entity: ["audit_log.entity", "audit_log.at", "audit_log.id"],
  } as const;
  const page = await pageOf(
    base,
    {
      unit: { column: "audit_log.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.fn("lower", [eb.ref("audit_log.username")]),
          eb.fn("lower", [eb.fn.coalesce("audit_log.entity_id", sql.lit(""))]),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.selectAll("audit_log");
      for (const column of order[req.sort]) rows = rows.orderBy(column, req.dir);
      return rows;
    }
  );
  return { rows: page.rows.map(toAuditRecord), total: page.total };
}

// ---- suspect responses ---------------------------------------------------

/** pending: not reviewed yet; reviewed: accepted or kept. */
export type SuspectReviewState = "pending" | "reviewed" | SuspectReview;

export type SuspectSort = "at" | "unit";

export interface SuspectListFilter {
  unitIds?: readonly number[];
  review?: SuspectReviewState;
  reason?: SuspectReason;
  /** Searched in the desk, the unit and the tablet (never in the citizen's comment). */
  q?: string;
}

/** A flagged response as the review page lists it. */
export interface SuspectListRow {
  id: string;
  at: string;
  clockCorrected: number;
  rating: ResponseRow["rating"];
  reasons: string[];
  comment: string | null;
  suspect: number;
  reason: SuspectReason | null;
  review: SuspectReview | null;
  deskCode: string;
  deskName: string;
  unitCode: string;
  unitName: string;
  deviceName: string | null;
}

export async function pageSuspects(
  db: Db,
  filter: SuspectListFilter,
  req: PageRequest<SuspectSort>
): Promise<Page<SuspectListRow>> {
  const review = filter.review;
  const flagged = db
    .selectFrom("responses")
    .where("responses.suspect_reason", "is not", null)
    .$if(filter.reason !== undefined, (q) => q.where("responses.suspect_reason", "=", filter.reason!))
    .$if(review === "pending", (q) => q.where("responses.suspect_review", "is", null))
    .$if(review === "reviewed", (q) => q.where("responses.suspect_review", "is not", null))
    .$if(review === "accepted" || review === "kept", (q) =>
      q.where("responses.suspect_review", "=", review as SuspectReview)
    );
  const base = flagged
    .innerJoin("desks", "desks.id", "responses.desk_id")
    .innerJoin("units", "units.id", "responses.unit_id")
    .leftJoin("devices", "devices.id", "responses.device_id");
  const page = await pageOf(
    base,
    {
      countWithoutSearch: flagged as never,
      unit: { column: "responses.unit_id", ids: filter.unitIds },
      search: {
        q: filter.q,
        columns: (eb) => [
          eb.ref("desks.search_key"),
          eb.fn("lower", [eb.ref("desks.code")]),
          eb.ref("units.search_key"),
          eb.fn("lower", [eb.ref("units.code")]),
          eb.fn.coalesce("devices.search_key", sql.lit("")),
        ],
      },
    },
    req,
    (q) => {
      let rows = q.select([
        "responses.id",
        "responses.effective_at as at",
        "responses.clock_corrected as clockCorrected",
        "responses.rating",
        "responses.reasons",
        "responses.comment",
        "responses.suspect",
        "responses.suspect_reason as reason",
        "responses.suspect_review as review",
        "desks.code as deskCode",
        "desks.name as deskName",
        "units.code as unitCode",
        "units.name as unitName",
        "devices.name as deviceName",
      ]);
      if (req.sort === "unit") rows = rows.orderBy("units.code", req.dir).orderBy("desks.code", req.dir);
      return rows.orderBy("responses.effective_at", req.dir).orderBy("responses.id", req.dir);
    }
  );
  return {
    rows: page.rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] })),
    total: page.total,
  };
}

/**
 * Open units (not ended by `today`) for a create form's choice, by code: those
 * in `unitIds` (all when undefined), or with `near`, only those units and the
 * units right below them. At most `limit` rows.
 */
export async function listOpenUnits(
  db: Db,
  filter: { unitIds?: readonly number[]; near?: readonly number[]; today: string; limit: number }
): Promise<{ id: number; code: string; name: string; level: UnitLevel }[]> {
  if (filter.unitIds?.length === 0 || filter.near?.length === 0) return [];
  return db
    .selectFrom("units")
    .select(["id", "code", "name", "level"])
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", filter.today)]))
    .$if(filter.unitIds !== undefined, (q) => q.where("id", "in", filter.unitIds!))
    .$if(filter.near !== undefined, (q) =>
      q.where((eb) => eb.or([eb("id", "in", filter.near!), eb("parent_id", "in", filter.near!)]))
    )
    .orderBy("code")
    .orderBy("id")
    .limit(filter.limit)
    .execute();
}
