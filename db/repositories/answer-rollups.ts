/**
 * Answer rollups (ADR 042): for each extra question of a questionnaire
 * version that has a fixed set of answers, the number of counted responses
 * that chose each option, per desk × day (rollup_day_answer) and desk × month
 * (rollup_month_answer), with the unit, its level and the procedure field
 * (app/domain/question-counts.ts says what counts). Kept in the same
 * transaction as the other rollups: `applyToRollups` (rollups.ts) calls
 * `applyToAnswerRollups`, and `rebuildRollups` calls `rebuildAnswerRollups`.
 */
import { type Kysely, sql } from "kysely";
import { splitByWholeMonths } from "~/domain/periods";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { answerCounts } from "~/domain/question-counts";
import type { RollupSource } from "~/domain/response";
import { multiRowInsert } from "../insert-values";
import { ROLLUP_SOURCE_SELECT } from "./responses";
import type { Database, UnitLevel } from "../schema";

type Db = Kysely<Database>;

export const ANSWER_ROLLUP_TABLES = ["rollup_day_answer", "rollup_month_answer"] as const;

const KEYS = [
  "desk_id",
  "unit_id",
  "unit_level",
  "field_code",
  "questionnaire_version",
  "question_code",
  "option_code",
] as const;

/** Definitions parsed once per stored text (a released version never changes; a test database may reuse a number). */
const parsedDefinitions = new Map<string, QuestionnaireDefinition>();

async function definitionsOf(db: Db, versions: readonly number[]): Promise<Map<number, QuestionnaireDefinition>> {
  const rows = await db
    .selectFrom("questionnaires")
    .select(["version", "definition"])
    .where("version", "in", versions)
    .execute();
  const out = new Map<number, QuestionnaireDefinition>();
  for (const row of rows) {
    let definition = parsedDefinitions.get(row.definition);
    if (!definition) {
      definition = JSON.parse(row.definition) as QuestionnaireDefinition;
      if (parsedDefinitions.size > 100) parsedDefinitions.clear();
      parsedDefinitions.set(row.definition, definition);
    }
    out.set(row.version, definition);
  }
  return out;
}

/** Rows per upsert statement: 9 parameters a row, under SQLite's 32,766. */
const UPSERT_CHUNK = 1000;

/**
 * Adds (sign +1) or removes (sign -1) what counted responses' answers add to
 * both answer grains. Suspect responses add nothing; responses without
 * answers cost nothing. Call inside the transaction that stores or changes them.
 */
export async function applyToAnswerRollups(db: Db, sources: readonly RollupSource[], sign: 1 | -1): Promise<void> {
  await applyToGrains(db, sources, sign, true);
}

async function applyToGrains(db: Db, sources: readonly RollupSource[], sign: 1 | -1, withMonths: boolean) {
  const answered = sources.filter((s) => s.answers !== null && !s.suspect);
  if (answered.length === 0) return;
  const definitions = await definitionsOf(db, [...new Set(answered.map((s) => s.questionnaireVersion))]);
  const day = new Map<string, (string | number)[]>();
  const month = new Map<string, (string | number)[]>();
  for (const s of answered) {
    const definition = definitions.get(s.questionnaireVersion);
    if (!definition) continue;
    for (const { question, option } of answerCounts(definition, JSON.parse(s.answers!) as Record<string, unknown>)) {
      const keys = [s.deskId, s.unitId, s.unitLevel, s.fieldCode ?? "", s.questionnaireVersion, question, option];
      add(day, [s.localDate, ...keys], sign);
      if (withMonths) add(month, [s.localDate.slice(0, 7), ...keys], sign);
    }
  }
  await upsert(db, "rollup_day_answer", "local_date", [...day.values()]);
  await upsert(db, "rollup_month_answer", "month", [...month.values()]);
}

function add(rows: Map<string, (string | number)[]>, key: (string | number)[], sign: 1 | -1) {
  const id = key.join("\u0000");
  const row = rows.get(id);
  if (row) (row[key.length] as number) += sign;
  else rows.set(id, [...key, sign]);
}

async function upsert(db: Db, table: string, period: string, rows: (string | number)[][]) {
  const keys = [period, ...KEYS];
  const tail =
    `on conflict (${keys.map((c) => `"${c}"`).join(", ")}) do update set ` +
    `"responses" = "${table}"."responses" + excluded."responses"`;
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK)
    await db.executeQuery(multiRowInsert(db, table, [...keys, "responses"], rows.slice(i, i + UPSERT_CHUNK), tail));
}

/** The keys answer sums may be grouped by, beside version, question and option. */
export type AnswerGroupKey = "month" | "deskId" | "unitId" | "unitLevel" | "fieldCode";

export interface AnswerSum {
  questionnaireVersion: number;
  questionCode: string;
  optionCode: string;
  responses: number;
  month?: string;
  deskId?: number;
  unitId?: number;
  unitLevel?: UnitLevel;
  /** '' when the citizen did not choose a field. */
  fieldCode?: string;
}

/** The column of each key of an answer sum. */
const ANSWER_COLUMN: Record<AnswerGroupKey | "questionnaireVersion" | "questionCode" | "optionCode", string> = {
  month: "month",
  deskId: "desk_id",
  unitId: "unit_id",
  unitLevel: "unit_level",
  fieldCode: "field_code",
  questionnaireVersion: "questionnaire_version",
  questionCode: "question_code",
  optionCode: "option_code",
};

/**
 * Summed answer counts over a date range (both ends included), per version,
 * question and option and the given keys; optionally within some units. Whole
 * months come from the month grain, the days at either end from the day grain.
 */
export async function sumAnswerRollups(
  db: Db,
  filter: { from: string; to: string; unitIds?: readonly number[] },
  keys: readonly AnswerGroupKey[]
): Promise<AnswerSum[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  const split = splitByWholeMonths(filter.from, filter.to);
  const parts = [
    ...(split.months ? [{ table: "rollup_month_answer" as const, range: split.months }] : []),
    ...split.days.map((range) => ({ table: "rollup_day_answer" as const, range })),
  ];
  const groups = [...keys, "questionnaireVersion", "questionCode", "optionCode"] as const;
  const out = new Map<string, AnswerSum>();
  for (const { table, range } of parts) {
    const monthly = table === "rollup_month_answer";
    const period = monthly ? "month" : "local_date";
    const columns = groups.map((k) =>
      k === "month" && !monthly ? sql<string>`substr(local_date, 1, 7)`.as("month") : sql.ref(ANSWER_COLUMN[k]).as(k)
    );
    let q = db
      .selectFrom(table as "rollup_day_answer")
      .select(columns as never)
      .select(sql<number>`sum(responses)`.as("responses"))
      .where(sql.ref(period), ">=", monthly ? range.from.slice(0, 7) : range.from)
      .where(sql.ref(period), "<=", monthly ? range.to.slice(0, 7) : range.to)
      .groupBy(
        groups.map((k) =>
          k === "month" && !monthly ? sql`substr(local_date, 1, 7)` : sql.ref(ANSWER_COLUMN[k])
        ) as never
      );
    if (filter.unitIds) q = q.where("unit_id", "in", filter.unitIds);
    for (const row of (await q.execute()) as unknown as AnswerSum[]) {
      const id = groups.map((k) => row[k]).join("\u0000");
      const sum = out.get(id);
      if (sum) sum.responses += Number(row.responses);
      else
        out.set(id, {
          ...row,
          questionnaireVersion: Number(row.questionnaireVersion),
          responses: Number(row.responses),
        });
    }
  }
  return [...out.values()].filter((r) => r.responses !== 0);
}

/** Rows per page of the rebuild's read of the answered responses. */
const REBUILD_PAGE = 5000;

/**
 * Recomputes both answer grains from the stored answers. Call inside the
 * transaction of `rebuildRollups`, which keeps new responses out meanwhile.
 * JSON answers are read and counted by the same rule as the ingest, a page
 * of responses at a time; the month grain is then summed from the day grain.
 */
export async function rebuildAnswerRollups(trx: Db): Promise<Record<(typeof ANSWER_ROLLUP_TABLES)[number], number>> {
  for (const table of ANSWER_ROLLUP_TABLES) await trx.deleteFrom(table).execute();
  let after = "";
  for (;;) {
    const page = await trx
      .selectFrom("responses")
      .select(["id", ...ROLLUP_SOURCE_SELECT])
      .where("answers", "is not", null)
      .where("suspect", "=", 0)
      .where("id", ">", after)
      .orderBy("id")
      .limit(sql.lit(REBUILD_PAGE))
      .execute();
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    // Day rows only; the month grain follows from them below.
    await applyToGrains(trx, page, 1, false);
  }
  const keys = sql.join(KEYS.map((k) => sql.ref(k)));
  await sql`insert into rollup_month_answer (month, ${keys}, responses)
    select substr(local_date, 1, 7), ${keys}, sum(responses) from rollup_day_answer
    group by substr(local_date, 1, 7), ${keys}`.execute(trx);
  const counts = {} as Record<(typeof ANSWER_ROLLUP_TABLES)[number], number>;
  for (const table of ANSWER_ROLLUP_TABLES) {
    const row = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
