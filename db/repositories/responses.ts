import { type Kysely, sql } from "kysely";
import { multiRowInsert } from "../insert-values";
import type { RollupSource } from "~/domain/response";
import type {
  Database,
  Flag,
  Language,
  Rating,
  ResponseChannel,
  ResponseRow,
  SuspectReason,
  SuspectReview,
  UnitLevel,
} from "../schema";

type Db = Kysely<Database>;

/** A citizen's response as stored (docs/domain.md); the ingest builds it whole, so it is also what is inserted. */
export interface StoredResponse {
  /** The client's UUID: the idempotency key of the ingest API. */
  id: string;
  deviceId: number | null;
  deskId: number;
  unitId: number;
  /** Level of the desk's unit when the response was given. */
  unitLevel: UnitLevel;
  questionnaireVersion: number;
  rating: Rating;
  /** JSON array of Reason codes, as stored. */
  reasons: string;
  harassment: Flag;
  fieldCode: string | null;
  dossierCode: string | null;
  onTime: Flag | null;
  comment: string | null;
  language: Language;
  /** JSON object of extra answers as stored, or null; the answer rollups parse it. */
  answers: string | null;
  submittedAt: string;
  receivedAt: string;
  /** The time reports use: submittedAt, or receivedAt when the tablet clock was off. */
  effectiveAt: string;
  localDate: string;
  localHour: number;
  clockCorrected: Flag;
  suspect: Flag;
  suspectReason: SuspectReason | null;
  suspectReview: SuspectReview | null;
  /** sha256 of the normalised content, to tell a replay from a conflicting reuse of an id. */
  contentHash: string;
  channel: ResponseChannel;
  dossierId: number | null;
  officerId: number | null;
}

export function toStoredResponse(r: ResponseRow): StoredResponse {
  return {
    id: r.id,
    deviceId: r.device_id,
    deskId: r.desk_id,
    unitId: r.unit_id,
    unitLevel: r.unit_level,
    questionnaireVersion: r.questionnaire_version,
    rating: r.rating,
    reasons: r.reasons,
    harassment: r.harassment,
    fieldCode: r.field_code,
    dossierCode: r.dossier_code,
    onTime: r.on_time,
    comment: r.comment,
    language: r.language,
    answers: r.answers,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    effectiveAt: r.effective_at,
    localDate: r.local_date,
    localHour: r.local_hour,
    clockCorrected: r.clock_corrected,
    suspect: r.suspect,
    suspectReason: r.suspect_reason,
    suspectReview: r.suspect_review,
    contentHash: r.content_hash,
    channel: r.channel,
    dossierId: r.dossier_id,
    officerId: r.officer_id,
  };
}

/** The stored columns, in the order `responseValues` gives a row's values. */
const RESPONSE_COLUMNS = [
  "id",
  "device_id",
  "desk_id",
  "unit_id",
  "unit_level",
  "questionnaire_version",
  "rating",
  "reasons",
  "harassment",
  "field_code",
  "dossier_code",
  "on_time",
  "comment",
  "language",
  "answers",
  "submitted_at",
  "received_at",
  "effective_at",
  "local_date",
  "local_hour",
  "clock_corrected",
  "suspect",
  "suspect_reason",
  "suspect_review",
  "content_hash",
  "channel",
  "dossier_id",
  "officer_id",
] as const satisfies readonly (keyof ResponseRow)[];

function responseValues(r: StoredResponse): (string | number | null)[] {
  return [
    r.id,
    r.deviceId,
    r.deskId,
    r.unitId,
    r.unitLevel,
    r.questionnaireVersion,
    r.rating,
    r.reasons,
    r.harassment,
    r.fieldCode,
    r.dossierCode,
    r.onTime,
    r.comment,
    r.language,
    r.answers,
    r.submittedAt,
    r.receivedAt,
    r.effectiveAt,
    r.localDate,
    r.localHour,
    r.clockCorrected,
    r.suspect,
    r.suspectReason,
    r.suspectReview,
    r.contentHash,
    r.channel,
    r.dossierId,
    r.officerId,
  ];
}

/**
 * What a RollupSource is read from, named as it names them (the spam rule's,
 * the review's and the rebuild's reads select these: no mapping per row).
 */
export const ROLLUP_SOURCE_SELECT = [
  "local_date as localDate",
  "local_hour as localHour",
  "desk_id as deskId",
  "unit_id as unitId",
  "unit_level as unitLevel",
  "field_code as fieldCode",
  "rating",
  "harassment",
  "on_time as onTime",
  "suspect",
  "questionnaire_version as questionnaireVersion",
  "answers",
  "officer_id as officerId",
  "channel",
] as const;

// The list names every field of RollupSource and nothing else: a change to one fails here until the other follows.
type SelectedName<S> = S extends `${string} as ${infer A}` ? A : S;
type SourceNames = SelectedName<(typeof ROLLUP_SOURCE_SELECT)[number]>;
export const ROLLUP_SOURCE_SELECT_IS_COMPLETE: [
  Exclude<keyof RollupSource, SourceNames>,
  Exclude<SourceNames, keyof RollupSource>,
] extends [never, never]
  ? true
  : false = true;

/** Rows per insert statement: 28 columns each stays under SQLite's 32,766 parameters. */
const INSERT_CHUNK = 500;

/**
 * Inserts the rows whose id is not stored yet, in multi-row statements
 * (db/insert-values.ts). Returns the ids this call stored; of rows sharing an
 * id, the first is stored.
 */
export async function insertResponsesIfNew(db: Db, rows: readonly StoredResponse[]): Promise<Set<string>> {
  const created = new Set<string>();
  if (rows.length === 0) return created;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values = rows.slice(i, i + INSERT_CHUNK).map(responseValues);
    const insert = multiRowInsert(
      db,
      "responses",
      RESPONSE_COLUMNS,
      values,
      `on conflict ("id") do nothing returning "id"`
    );
    const result = await db.executeQuery<{ id: string }>(insert);
    for (const row of result.rows) created.add(row.id);
  }
  return created;
}

/** Inserts new responses (ids known to be new, as in a demo seed), at most INSERT_CHUNK at a time. */
export async function insertResponses(db: Db, rows: readonly StoredResponse[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.executeQuery(
      multiRowInsert(db, "responses", RESPONSE_COLUMNS, rows.slice(i, i + INSERT_CHUNK).map(responseValues), "")
    );
  }
}

/** Stored content hashes by id. */
export async function findContentHashes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const rows = await db
      .selectFrom("responses")
      .select(["id", "content_hash"])
      .where("id", "in", ids.slice(i, i + INSERT_CHUNK))
      .execute();
    for (const row of rows) out.set(row.id, row.content_hash);
  }
  return out;
}

export async function countResponses(db: Db): Promise<number> {
  const row = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DissatisfiedComment {
  id: string;
  effectiveAt: string;
  comment: string;
  /** The language the citizen used at the kiosk. */
  language: Language;
  reasons: string[];
  fieldCode: string | null;
  deskName: string;
  unitCode: string;
  unitName: string;
}

export interface CommentFilter {
  /** Effective times, ISO UTC: since included, until excluded. */
  since: string;
  until: string;
  unitIds?: readonly number[];
  limit: number;
  /** Continue after this comment (the last one of the previous page). */
  after?: { effectiveAt: string; id: string };
}

/**
 * What dissatisfied citizens wrote, newest first, without suspect responses.
 * The literal predicate matches the partial index
 * responses_dissatisfied_comments_idx (PostgreSQL uses a partial index only
 * when the query's condition implies it, which a bound parameter cannot).
 */
export async function listDissatisfiedComments(db: Db, filter: CommentFilter): Promise<DissatisfiedComment[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  let q = db
    .selectFrom("responses")
    .innerJoin("desks", "desks.id", "responses.desk_id")
    .innerJoin("units", "units.id", "responses.unit_id")
    .select([
      "responses.id",
      "responses.effective_at as effectiveAt",
      "responses.reasons",
      "responses.language",
      "responses.field_code as fieldCode",
      "desks.name as deskName",
      "units.code as unitCode",
      "units.name as unitName",
    ])
    .select(sql<string>`responses.comment`.as("comment"))
    .where(sql<boolean>`responses.rating = 'dissatisfied' and responses.comment is not null`)
    .where("responses.suspect", "=", 0)
    .where("responses.effective_at", ">=", filter.since)
    .where("responses.effective_at", "<", filter.until);
  if (filter.unitIds) q = q.where("responses.unit_id", "in", filter.unitIds);
  const after = filter.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("responses.effective_at", "<", after.effectiveAt),
        eb.and([eb("responses.effective_at", "=", after.effectiveAt), eb("responses.id", "<", after.id)]),
      ])
    );
  }
  const rows = await q
    .orderBy("responses.effective_at", "desc")
    .orderBy("responses.id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
}
