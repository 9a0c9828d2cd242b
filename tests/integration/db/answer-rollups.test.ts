/**
 * Per-question aggregates (ADR 042): the answer rollups, kept at ingest, moved
 * when a response turns suspect or counted again, and rebuilt from the raw
 * rows, equal a GROUP BY over the stored JSON answers (SQLite's json_each,
 * PostgreSQL's jsonb_each), on random data and random periods.
 */
import crypto from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { ANSWER_ROLLUP_TABLES, sumAnswerRollups } from "~db/repositories/answer-rollups";
import { insertQuestionnaire } from "~db/repositories/questionnaires";
import { ROLLUP_TABLES, applyToRollups, rebuildRollups } from "~db/repositories/rollups";
import { markResponses } from "~db/repositories/suspects";
import type { DB } from "~db/connection";
import { type StoredResponse, insertResponses } from "~db/repositories/responses";
import type { UnitLevel } from "~db/schema";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";

const label = { vi: "Câu hỏi", en: "Question" };
const opt = (code: string) => ({ code, label });
const DEFINITION: QuestionnaireDefinition = {
  questions: [
    ...DEFAULT_DEFINITION.questions,
    { code: "access", kind: "choice", label, options: [opt("easy"), opt("hard"), opt("unknown")] },
    { code: "channels", kind: "multi_choice", label, options: [opt("web"), opt("phone"), opt("desk")] },
    { code: "receipt", kind: "yes_no", label },
    { code: "staff", kind: "rating", label, scale: "three" },
    { code: "score", kind: "rating5", label, ends: { low: label, high: label } },
    { code: "idea", kind: "text", label },
  ],
};
/** The questions that count: every extra question but the text one. */
const COUNTED = ["access", "channels", "receipt", "staff", "score"];

const answersArb = fc.record(
  {
    access: fc.constantFrom("easy", "hard", "unknown"),
    channels: fc.subarray(["web", "phone", "desk"]),
    receipt: fc.boolean(),
    staff: fc.constantFrom("very_satisfied", "satisfied", "dissatisfied"),
    score: fc.constantFrom("1", "2", "3", "4", "5"),
    idea: fc.constantFrom("easy", "yes", "nhanh hơn"),
  },
  { requiredKeys: [] }
);

const DAYS = ["2026-10-31", "2026-11-01", "2026-11-15", "2026-11-30", "2026-12-01", "2026-12-04"];

const responseArb = fc.record({
  place: fc.nat(2),
  day: fc.constantFrom(...DAYS),
  version: fc.constantFrom(1, 2, 2, 2),
  field: fc.constantFrom(null, "dat_dai", "thue"),
  answers: fc.option(answersArb, { freq: 4 }),
  suspect: fc.constantFrom(0, 0, 0, 1),
});
type Generated = typeof responseArb extends fc.Arbitrary<infer T> ? T : never;

interface Place {
  deskId: number;
  unitId: number;
  level: UnitLevel;
}

function toRow(g: Generated, places: Place[]): StoredResponse {
  const place = places[g.place];
  const at = new Date(`${g.day}T09:00:00+07:00`).toISOString();
  // Version 1 (no extra questions) carries no answers.
  const answers = g.version === 2 && g.answers && Object.keys(g.answers).length > 0 ? g.answers : null;
  return {
    id: crypto.randomUUID(),
    deviceId: null,
    deskId: place.deskId,
    unitId: place.unitId,
    unitLevel: place.level,
    questionnaireVersion: g.version,
    rating: "satisfied",
    reasons: "[]",
    harassment: 0,
    fieldCode: g.field,
    dossierCode: null,
    onTime: null,
    comment: null,
    language: "vi",
    answers: answers && JSON.stringify(answers),
    submittedAt: at,
    receivedAt: at,
    effectiveAt: at,
    localDate: g.day,
    localHour: 9,
    clockCorrected: 0,
    suspect: g.suspect as 0 | 1,
    suspectReason: g.suspect ? "interval" : null,
    suspectReview: null,
    contentHash: "x",
    channel: "kiosk",
    dossierId: null,
    officerId: null,
  };
}

/** The same sums straight from the raw JSON answers, as "month desk unit field version question option → n" lines. */
async function groupByRawAnswers(db: DB, dialect: string, from: string, to: string): Promise<string[]> {
  const questions = sql.join(COUNTED.map((q) => sql.lit(q)));
  const keys = sql`substr(r.local_date, 1, 7) as month, r.desk_id, r.unit_id, coalesce(r.field_code, '') as field_code,
    r.questionnaire_version`;
  const groups = sql`substr(r.local_date, 1, 7), r.desk_id, r.unit_id, coalesce(r.field_code, ''), r.questionnaire_version`;
  const where = sql`r.suspect = 0 and r.local_date >= ${from} and r.local_date <= ${to} and j.key in (${questions})`;
  const query =
    dialect === "postgres"
      ? sql<Record<string, string | number>>`
        select ${keys}, j.key as q, '' as o, count(*) as n
          from responses r cross join lateral jsonb_each(r.answers::jsonb) j
          where ${where} and (jsonb_typeof(j.value) <> 'array' or jsonb_array_length(j.value) > 0)
          group by ${groups}, j.key
        union all
        select ${keys}, j.key, j.value #>> '{}', count(*)
          from responses r cross join lateral jsonb_each(r.answers::jsonb) j
          where ${where} and jsonb_typeof(j.value) = 'string' group by ${groups}, j.key, j.value #>> '{}'
        union all
        select ${keys}, j.key, case when (j.value)::boolean then 'yes' else 'no' end, count(*)
          from responses r cross join lateral jsonb_each(r.answers::jsonb) j
          where ${where} and jsonb_typeof(j.value) = 'boolean'
          group by ${groups}, j.key, case when (j.value)::boolean then 'yes' else 'no' end
        union all
        select ${keys}, j.key, e.value, count(*)
          from responses r cross join lateral jsonb_each(r.answers::jsonb) j
          cross join lateral jsonb_array_elements_text(case when jsonb_typeof(j.value) = 'array' then j.value else '[]'::jsonb end) e
          where ${where} group by ${groups}, j.key, e.value`
      : sql<Record<string, string | number>>`
        select ${keys}, j.key as q, '' as o, count(*) as n
          from responses r, json_each(r.answers) j
          where ${where} and (j.type <> 'array' or json_array_length(j.value) > 0)
          group by ${groups}, j.key
        union all
        select ${keys}, j.key, j.value, count(*)
          from responses r, json_each(r.answers) j where ${where} and j.type = 'text' group by ${groups}, j.key, j.value
        union all
        select ${keys}, j.key, case j.type when 'true' then 'yes' else 'no' end, count(*)
          from responses r, json_each(r.answers) j
          where ${where} and j.type in ('true', 'false') group by ${groups}, j.key, j.type
        union all
        select ${keys}, j.key, e.value, count(*)
          from responses r, json_each(r.answers) j, json_each(j.value) e
          where ${where} and j.type = 'array' group by ${groups}, j.key, e.value`;
  const rows = (await query.execute(db)).rows;
  return rows
    .map(
      (r) =>
        `${r.month} ${r.desk_id} ${r.unit_id} ${r.field_code} ${r.questionnaire_version} ${r.q} ${r.o} → ${Number(r.n)}`
    )
    .sort();
}

async function fromRollups(db: DB, from: string, to: string): Promise<string[]> {
  const rows = await sumAnswerRollups(db, { from, to }, ["month", "deskId", "unitId", "fieldCode"]);
  return rows
    .map(
      (r) =>
        `${r.month} ${r.deskId} ${r.unitId} ${r.fieldCode} ${r.questionnaireVersion} ${r.questionCode} ${r.optionCode} → ${r.responses}`
    )
    .sort();
}

/** Both answer grains' non-zero rows. */
async function answerSnapshot(db: DB): Promise<string[]> {
  const out: string[] = [];
  for (const table of ANSWER_ROLLUP_TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as unknown as Record<string, string | number>[];
    for (const row of rows)
      if (Number(row.responses) !== 0)
        out.push(
          `${table} ${Object.keys(row)
            .sort()
            .map((k) => `${k}=${row[k]}`)
            .join(",")}`
        );
  }
  return out.sort();
}

describe.each(databaseFactories())("answer rollups on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    await insertQuestionnaire(app.db, {
      version: 2,
      definitionJson: JSON.stringify(DEFINITION),
      active: 0,
      createdAt: app.now().toISOString(),
      activatedAt: app.now().toISOString(),
    });
  });
  let app: TestApp;
  let places: Place[];
  beforeAll(async () => {
    app = testApp();
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const commune = await createUnitWithDesk(app, {
      code: "01101",
      name: "Xã Thử",
      level: "commune",
      parentId: province.unit.id,
    });
    const other = await createUnitWithDesk(app, {
      code: "01102",
      name: "Xã Khác",
      level: "commune",
      parentId: province.unit.id,
    });
    places = [province, commune, other].map((p) => ({ deskId: p.desk.id, unitId: p.unit.id, level: p.unit.level }));
  });

  it("equal a GROUP BY over the raw answers after ingest, suspect/counted moves and rebuild", async () => {
    const runs = factory.dialect === "postgres" ? 20 : 40;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(responseArb, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(...DAYS),
        fc.constantFrom(...DAYS),
        async (batches, flips, a, b) => {
          for (const table of [...ROLLUP_TABLES, ...ANSWER_ROLLUP_TABLES, "responses"] as const)
            await app.db.deleteFrom(table).execute();
          const [from, to] = a <= b ? [a, b] : [b, a];
          const stored: StoredResponse[] = [];
          for (const batch of batches) {
            const rows = batch.map((g) => toRow(g, places));
            await app.db.transaction().execute(async (trx) => {
              await insertResponses(trx, rows);
              await applyToRollups(trx, rows);
            });
            stored.push(...rows);
          }
          // A manager's review moves responses between suspect and counted (the suspects page's path).
          for (const flip of flips) {
            const row = stored[flip % stored.length];
            const suspect = row.suspect ? 0 : 1;
            await app.db
              .transaction()
              .execute((trx) =>
                markResponses(
                  trx,
                  [row],
                  { suspect, review: suspect ? "kept" : "accepted" },
                  { at: new Date().toISOString(), userId: null, dueOn: "2099-12-31" }
                )
              );
            row.suspect = suspect;
          }
          const expected = await groupByRawAnswers(app.db, factory.dialect, from, to);
          expect(await fromRollups(app.db, from, to)).toEqual(expected);
          const incremental = await answerSnapshot(app.db);
          await rebuildRollups(app.db);
          expect(await answerSnapshot(app.db)).toEqual(incremental);
          expect(await fromRollups(app.db, from, to)).toEqual(expected);
        }
      ),
      { numRuns: runs }
    );
  });

  it("never counts a text answer, nor a suspect response", async () => {
    for (const table of [...ROLLUP_TABLES, ...ANSWER_ROLLUP_TABLES, "responses"] as const)
      await app.db.deleteFrom(table).execute();
    const base = { place: 1, day: "2026-11-15", version: 2 as const, field: null };
    const rows = [
      toRow({ ...base, answers: { idea: "easy", receipt: true }, suspect: 0 }, places),
      toRow({ ...base, answers: { access: "hard" }, suspect: 1 }, places),
    ];
    await app.db.transaction().execute(async (trx) => {
      await insertResponses(trx, rows);
      await applyToRollups(trx, rows);
    });
    const sums = await sumAnswerRollups(app.db, { from: "2026-11-01", to: "2026-11-30" }, []);
    expect(sums.map((r) => `${r.questionCode}:${r.optionCode}=${r.responses}`).sort()).toEqual([
      "receipt:=1",
      "receipt:yes=1",
    ]);
  });
});
