/**
 * `hailong purge` (Nghị định 13/2023/NĐ-CP): comments, dossier codes and text
 * answers older than RETENTION_MONTHS are blanked; the reports read the same,
 * the rollups are untouched, and the audit log says how many.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertQuestionnaire } from "~db/repositories/questionnaires";
import { ROLLUP_TABLES } from "~db/repositories/rollups";
import { runCli } from "~/cli/main.server";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { ingestResponses } from "~/ingest/ingest.server";
import { retentionCutoff } from "~/ops/retention.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

const TEXT_DEFINITION = {
  questions: [
    ...DEFAULT_DEFINITION.questions,
    { code: "gop_y_them", kind: "text", maxLength: 500 },
    { code: "quay_lai", kind: "yes_no" },
  ],
};

describe("retentionCutoff", () => {
  it("goes back calendar months", () => {
    expect(retentionCutoff(new Date("2026-12-04T10:00:00Z"), 24).toISOString()).toBe("2024-12-04T10:00:00.000Z");
    expect(retentionCutoff(new Date("2026-03-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
  });
});

describe.each(databaseFactories())("hailong purge on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    await insertQuestionnaire(app.db, {
      version: 2,
      definitionJson: JSON.stringify(TEXT_DEFINITION),
      active: 0,
      createdAt: app.now().toISOString(),
      activatedAt: app.now().toISOString(),
    });
  });
  let env: NodeJS.ProcessEnv;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
      env
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  /** Answers given at `at` (the tablet and server clocks agreeing), `n` of each kind. */
  async function answersAt(device: Parameters<typeof ingestResponses>[1], at: string, tag: string) {
    const app = testApp();
    app.setNow(at);
    const outcomes = await ingestResponses(
      app,
      device,
      [
        item({
          submittedAt: at,
          rating: "dissatisfied",
          reasons: ["long_wait"],
          comment: `Chờ lâu quá (${tag})`,
          dossierCode: `HS-${tag}-1`,
          fieldCode: "dat_dai",
        }),
        item({ submittedAt: at, rating: "satisfied", dossierCode: `HS-${tag}-2`, onTime: true }),
        item({
          submittedAt: at,
          rating: "neutral",
          questionnaireVersion: 2,
          answers: { gop_y_them: `Nguyễn Văn A, 0912 345 678 (${tag})`, quay_lai: true },
        }),
        item({ submittedAt: at, rating: "very_satisfied" }),
      ],
      new Date(at)
    );
    expect(outcomes.map((o) => o.status)).toEqual(["created", "created", "created", "created"]);
  }

  async function snapshot() {
    const app = testApp();
    const rollups: Record<string, unknown[]> = {};
    for (const table of ROLLUP_TABLES) {
      rollups[table] = (await sql`select * from ${sql.table(table)}`.execute(app.db)).rows
        .map((r) => JSON.stringify(r))
        .sort();
    }
    const responses = await app.db
      .selectFrom("responses")
      .select([
        "id",
        "rating",
        "reasons",
        "effective_at",
        "comment",
        "dossier_code",
        "answers",
        "on_time",
        "field_code",
      ])
      .orderBy("id")
      .execute();
    const report = [];
    for (const by of ["unit", "month", "field", "level"]) {
      const r = await run("report", "--from", "2024-01-01", "--to", "2026-12-31", "--by", by, "--format", "json");
      expect(r.code, r.err).toBe(0);
      report.push(JSON.parse(r.out));
    }
    return { rollups, responses, report };
  }

  beforeAll(async () => {
    const app = testApp();
    env = {
      NODE_ENV: "test",
      DATABASE_URL: app.config.databaseUrl,
      SESSION_SECRET: "x".repeat(40),
      RETENTION_MONTHS: "24",
    };
    const { identity } = await createUnitWithDesk(app, { code: "88001", name: "Xã Lưu Trữ", level: "commune" });
    await answersAt(identity, "2024-06-10T03:00:00.000Z", "cu");
    await answersAt(identity, "2025-06-10T03:00:00.000Z", "moi");
  });

  it("blanks what is older than the retention, keeps the rest, and every count and rate stays the same", async () => {
    const before = await snapshot();
    // Something to compare: the eight answers are counted in the rollups and the reports.
    expect(before.rollups.rollup_day.length).toBeGreaterThan(0);
    expect(JSON.stringify(before.report[0])).toContain("Xã Lưu Trữ");
    const purged = await run("purge");
    expect(purged.err).toBe("");
    expect(purged.code).toBe(0);
    const summary = JSON.parse(purged.out);
    const now = new Date();
    expect(summary).toMatchObject({ retentionMonths: 24, comments: 1, dossierCodes: 2, textAnswers: 1 });
    expect(Math.abs(Date.parse(summary.olderThan) - retentionCutoff(now, 24).getTime())).toBeLessThan(60_000);

    const after = await snapshot();
    expect(after.rollups).toEqual(before.rollups);
    expect(after.report).toEqual(before.report);
    const old = after.responses.filter((r) => r.effective_at.startsWith("2024-"));
    const kept = after.responses.filter((r) => r.effective_at.startsWith("2025-"));
    expect(old).toHaveLength(4);
    for (const r of old) {
      expect(r.comment).toBeNull();
      expect(r.dossier_code).toBeNull();
    }
    // The text answer goes; the yes/no answer beside it stays.
    expect(old.map((r) => r.answers).filter(Boolean)).toEqual(['{"quay_lai":true}']);
    expect(kept.map((r) => r.comment).filter(Boolean)).toEqual(["Chờ lâu quá (moi)"]);
    expect(
      kept
        .map((r) => r.dossier_code)
        .filter(Boolean)
        .sort()
    ).toEqual(["HS-moi-1", "HS-moi-2"]);
    expect(kept.map((r) => r.answers).filter(Boolean)).toEqual([
      JSON.stringify({ gop_y_them: "Nguyễn Văn A, 0912 345 678 (moi)", quay_lai: true }),
    ]);
    // Everything else about the old responses is as it was.
    const strip = (rows: typeof before.responses) =>
      rows.map(({ comment: _c, dossier_code: _d, answers: _a, ...rest }) => rest);
    expect(strip(after.responses)).toEqual(strip(before.responses));

    const audit = await testApp()
      .db.selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "purge_personal_data")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: "[cli]", entity: "response", user_id: null });
    expect(JSON.parse(audit[0].after!)).toMatchObject({
      comments: 1,
      dossier_codes: 2,
      text_answers: 1,
      retention_months: 24,
    });
  });

  it("a second purge finds nothing and audits nothing", async () => {
    const again = await run("purge");
    expect(JSON.parse(again.out)).toMatchObject({ comments: 0, dossierCodes: 0, textAnswers: 0 });
    const audit = await testApp()
      .db.selectFrom("audit_log")
      .select("id")
      .where("action", "=", "purge_personal_data")
      .execute();
    expect(audit).toHaveLength(1);
  });
});
