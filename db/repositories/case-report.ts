/**
 * The cases a report counts (ADR 049): the counted (non-suspect) harassment
 * cases of some units opened in a range of local dates, with what the report's
 * grouping needs (level, unit, desk, and the response's field when asked) and what its
 * figures need (deadline, conclusion, finding). Cases are few (a share of the
 * harassment responses), so the report reads them row by row and computes the
 * working days itself (app/reports/case-section.server.ts).
 */
import { type Kysely, sql } from "kysely";
import type { CaseFinding, CaseStatus, Database, ResponseChannel, UnitLevel } from "../schema";

type Db = Kysely<Database>;

export interface CaseReportRow {
  unitId: number;
  unitLevel: UnitLevel;
  deskId: number;
  /** The response's procedure field, "" when it named none. */
  fieldCode: string;
  openedAt: string;
  dueOn: string;
  concludedAt: string | null;
  status: CaseStatus;
  finding: CaseFinding | null;
}

/** Local midnight (UTC+7) of a date, as an ISO instant. */
const localStart = (date: string) => new Date(`${date}T00:00:00+07:00`).toISOString();
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The counted cases of `unitIds` (all units when undefined) opened from `from` to `to` (local dates, both
 * included), of the responses given through `channel` when one is named (a one-channel report).
 */
export async function casesForReport(
  db: Db,
  filter: { from: string; to: string; unitIds?: readonly number[]; channel?: ResponseChannel | null },
  options: { withField: boolean } = { withField: true }
): Promise<CaseReportRow[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  // The response is read only for its field or channel: ~20,000 lookups in a national year's responses otherwise.
  const withResponse = options.withField || Boolean(filter.channel);
  let q = db
    .selectFrom("cases")
    .innerJoin("units", "units.id", "cases.unit_id")
    .$if(withResponse, (q) => q.innerJoin("responses", "responses.id", "cases.response_id"))
    .select([
      "cases.unit_id as unitId",
      "units.level as unitLevel",
      "cases.desk_id as deskId",
      "cases.opened_at as openedAt",
      "cases.due_on as dueOn",
      "cases.concluded_at as concludedAt",
      "cases.status as status",
      "cases.finding as finding",
    ])
    .where("cases.suspect", "=", 0)
    .where("cases.opened_at", ">=", localStart(filter.from))
    .where("cases.opened_at", "<", localStart(nextDay(filter.to)));
  if (filter.unitIds) q = q.where("cases.unit_id", "in", filter.unitIds);
  if (filter.channel) q = q.where(sql.ref("responses.channel"), "=", filter.channel);
  const rows = await q
    .select((options.withField ? sql<string | null>`responses.field_code` : sql<null>`null`).as("fieldCode"))
    .orderBy("cases.id")
    .execute();
  return rows.map((r) => ({
    unitId: Number(r.unitId),
    unitLevel: r.unitLevel,
    deskId: Number(r.deskId),
    fieldCode: r.fieldCode ?? "",
    openedAt: r.openedAt,
    dueOn: r.dueOn,
    concludedAt: r.concludedAt,
    status: r.status,
    finding: r.finding,
  }));
}
