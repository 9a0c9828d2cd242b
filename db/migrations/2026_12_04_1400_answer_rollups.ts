/**
 * Rollups of the extra questions' answers (ADR 042): per desk × day (and ×
 * month), field, questionnaire version, question and option, the number of
 * counted responses that chose the option; option '' counts those that
 * answered the question. Filled here from the stored answers with a frozen
 * copy of the counting rule (app/domain/question-counts.ts at the time).
 * Frozen once shipped.
 */
import { type Kysely, sql } from "kysely";

const KEYS = [
  "desk_id",
  "unit_id",
  "unit_level",
  "field_code",
  "questionnaire_version",
  "question_code",
  "option_code",
];

async function createGrain(db: Kysely<any>, table: string, period: "local_date" | "month") {
  await db.schema
    .createTable(table)
    .addColumn(period, "text", (c) => c.notNull())
    .addColumn("desk_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull())
    .addColumn("unit_level", "text", (c) => c.notNull())
    .addColumn("field_code", "text", (c) => c.notNull())
    .addColumn("questionnaire_version", "integer", (c) => c.notNull())
    .addColumn("question_code", "text", (c) => c.notNull())
    .addColumn("option_code", "text", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint(`${table}_pk`, [period, ...KEYS] as never)
    .execute();
}

interface Q {
  code: string;
  kind: string;
  options?: { code: string }[];
  scale?: string;
}

function optionsOf(q: Q): string[] {
  if (q.kind === "rating")
    return q.scale === "three"
      ? ["very_satisfied", "satisfied", "dissatisfied"]
      : ["very_satisfied", "satisfied", "neutral", "dissatisfied"];
  if (q.kind === "yes_no") return ["yes", "no"];
  if (q.kind === "choice" || q.kind === "multi_choice") return (q.options ?? []).map((o) => o.code);
  return [];
}

export async function up(db: Kysely<any>): Promise<void> {
  await createGrain(db, "rollup_day_answer", "local_date");
  await createGrain(db, "rollup_month_answer", "month");

  const versions = new Map<number, Q[]>();
  for (const row of await db.selectFrom("questionnaires").select(["version", "definition"]).execute()) {
    const questions = (JSON.parse(row.definition as string) as { questions: Q[] }).questions;
    versions.set(
      Number(row.version),
      questions.filter((q) => q.code !== "overall" && q.code !== "reasons" && optionsOf(q).length > 0)
    );
  }
  const sums = new Map<string, (string | number)[]>();
  let after = "";
  for (;;) {
    const page = await db
      .selectFrom("responses")
      .select([
        "id",
        "local_date",
        "desk_id",
        "unit_id",
        "unit_level",
        "field_code",
        "questionnaire_version",
        "answers",
      ])
      .where("answers", "is not", null)
      .where("suspect", "=", 0)
      .where("id", ">", after)
      .orderBy("id")
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    after = page.at(-1)!.id as string;
    for (const r of page) {
      const answers = JSON.parse(r.answers as string) as Record<string, unknown>;
      for (const q of versions.get(Number(r.questionnaire_version)) ?? []) {
        if (!Object.hasOwn(answers, q.code)) continue;
        const v = answers[q.code];
        const offered = optionsOf(q);
        const raw =
          q.kind === "yes_no"
            ? typeof v === "boolean"
              ? [v ? "yes" : "no"]
              : []
            : Array.isArray(v)
              ? [...new Set(v)]
              : [v];
        const chosen = raw.filter((x): x is string => typeof x === "string" && offered.includes(x));
        if (chosen.length === 0) continue;
        for (const option of ["", ...chosen]) {
          const key = [
            r.local_date,
            r.desk_id,
            r.unit_id,
            r.unit_level,
            r.field_code ?? "",
            Number(r.questionnaire_version),
            q.code,
            option,
          ];
          const id = key.join("\u0000");
          const sum = sums.get(id);
          if (sum) (sum[8] as number) += 1;
          else sums.set(id, [...key, 1]);
        }
      }
    }
  }
  const rows = [...sums.values()];
  const columns = ["local_date", ...KEYS, "responses"];
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("rollup_day_answer")
      .values(rows.slice(i, i + 500).map((row) => Object.fromEntries(columns.map((c, k) => [c, row[k]]))))
      .execute();
  }
  const keys = sql.raw(KEYS.join(", "));
  await sql`insert into rollup_month_answer (month, ${keys}, responses)
    select substr(local_date, 1, 7), ${keys}, sum(responses)
    from rollup_day_answer
    group by substr(local_date, 1, 7), ${keys}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_month_answer").ifExists().execute();
  await db.schema.dropTable("rollup_day_answer").ifExists().execute();
}
