/**
 * 1–5 rating questions (issue 15 item 3, ADR 050) on both dialects: a version
 * started from the SIPAS template (its wording read from locales/, its overall
 * score a 1–5 question), the ingest refusing scores it does not offer, the
 * answer rollups counting per score, and the report's questions section with
 * counts, shares and the mean — over the scope, per unit, and in the XLSX.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { insertQuestionnaire } from "~db/repositories/questionnaires";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { parseDefinition } from "~/domain/questionnaire.server";
import { applyTemplate } from "~/domain/questionnaire-templates";
import { translators } from "~/i18n/i18n.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { renderReport } from "~/reports/export/render.server";
import { type PreparedReport, prepareReport } from "~/reports/query.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";

const admin = (lang: "vi" | "en") =>
  JSON.parse(fs.readFileSync(`locales/${lang}/admin.json`, "utf8")).questionnaire_templates.questions;

async function toBuffer(body: string | Readable): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("questionnaire templates' wording", () => {
  it("comes from locales/{vi,en}/admin.json, and SIPAS has a 1–5 score with words for 1 and 5", () => {
    const sipas = applyTemplate(DEFAULT_DEFINITION, "sipas", translators());
    expect(parseDefinition(sipas).ok).toBe(true);
    const score = sipas.questions.find((q) => q.code === "overall_score")!;
    expect(score).toEqual({
      code: "overall_score",
      kind: "rating5",
      label: { vi: admin("vi").sipas.overall_score.label, en: admin("en").sipas.overall_score.label },
      ends: { low: { vi: "Rất kém", en: "Very poor" }, high: { vi: "Rất tốt", en: "Very good" } },
    });
    const visits = applyTemplate(DEFAULT_DEFINITION, "tt01_2018", translators()).questions.find(
      (q) => q.code === "visits"
    )!;
    expect(visits.label).toEqual({
      vi: "Ông/Bà đã phải đi lại mấy lần cho hồ sơ này?",
      en: admin("en").tt01_2018.visits.label,
    });
    expect(visits.options![2].label).toEqual({ vi: "3 lần trở lên", en: "Three or more" });
  });

  it("refuses a 1–5 question without its words for 1 and 5, and those words on another kind", () => {
    const base = DEFAULT_DEFINITION.questions;
    const label = { vi: "Điểm?", en: "Score?" };
    const codes = (questions: unknown[]) => {
      const parsed = parseDefinition({ questions: [...base, ...questions] });
      return parsed.ok ? [] : parsed.problems.map((p) => `${p.field}:${p.code}`);
    };
    expect(codes([{ code: "score", kind: "rating5", label }])).toEqual(["questions.2.ends:required"]);
    const ends = { low: { vi: "Kém", en: "Poor" }, high: { vi: "Tốt", en: "Good" } };
    expect(codes([{ code: "ok", kind: "yes_no", label, ends }])).toEqual(["questions.2.ends:unknown_field"]);
    expect(codes([{ code: "score", kind: "rating5", label, ends }])).toEqual([]);
  });
});

describe.each(databaseFactories())("1–5 rating questions on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    const at = app.now().toISOString();
    await insertQuestionnaire(app.db, {
      version: 2,
      definitionJson: JSON.stringify(applyTemplate(DEFAULT_DEFINITION, "sipas", translators())),
      active: 1,
      createdAt: at,
      activatedAt: at,
    });
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const a = await createUnitWithDesk(app, {
      code: "01001",
      name: "Xã An",
      level: "commune",
      parentId: province.unit.id,
    });
    const b = await createUnitWithDesk(app, {
      code: "01002",
      name: "Xã Bình",
      level: "commune",
      parentId: province.unit.id,
    });
    app.setNow("2026-11-10T16:00:00+07:00");
    let minute = 0;
    const send = (identity: typeof a.identity, answers: Record<string, unknown>[]) =>
      ingestResponses(
        app,
        identity,
        answers.map((answers) => ({
          id: crypto.randomUUID(),
          submittedAt: new Date(Date.parse("2026-11-10T08:00:00+07:00") + (minute += 7) * 60_000).toISOString(),
          questionnaireVersion: 2,
          rating: "satisfied",
          answers,
        })),
        app.now()
      );
    // Xã An: 5, 4, 4; Xã Bình: 1 and one who skipped the score. Mean (5+4+4+1)/4 = 3.5.
    const storedA = await send(a.identity, [{ overall_score: "5" }, { overall_score: "4" }, { overall_score: "4" }]);
    const storedB = await send(b.identity, [{ overall_score: "1" }, { access: "satisfied" }]);
    expect([...storedA, ...storedB].map((r) => r.status)).toEqual([
      "created",
      "created",
      "created",
      "created",
      "created",
    ]);
  });

  it("refuses a score outside 1–5, or given as a number", async () => {
    const desk = await createUnitWithDesk(app, { code: "02", name: "Tỉnh Khác", level: "province" });
    const results = await ingestResponses(
      app,
      desk.identity,
      ["6", 4, "0"].map((score, i) => ({
        id: crypto.randomUUID(),
        submittedAt: new Date(Date.parse("2026-11-10T09:00:00+07:00") + i * 3_600_000).toISOString(),
        questionnaireVersion: 2,
        rating: "satisfied",
        answers: { overall_score: score },
      })),
      app.now()
    );
    expect(results.map((r) => r.status)).toEqual(["invalid", "invalid", "invalid"]);
  });

  async function prepared(by: "unit" | "level") {
    const result = (await prepareReport(app, null, {
      from: "2026-11-01",
      to: "2026-11-30",
      unit: "01",
      by,
    })) as Extract<PreparedReport, { ok: true }>;
    expect(result.ok).toBe(true);
    return result;
  }

  it("reports each score's count and share, and the mean, over the scope and per unit", async () => {
    const rendered = await renderReport(app, await prepared("unit"), "json", "vi");
    const json = JSON.parse(String(rendered.body));
    const score = json.questions.find((q: { code: string }) => q.code === "overall_score");
    expect(score).toMatchObject({ version: 2, kind: "rating5", answered: 4, mean: 3.5 });
    expect(
      score.options.map((o: { code: string; label: string; count: number }) => [o.code, o.label, o.count])
    ).toEqual([
      ["1", "1 – Rất kém", 1],
      ["2", "2", 0],
      ["3", "3", 0],
      ["4", "4", 2],
      ["5", "5 – Rất tốt", 1],
    ]);
    expect(score.options[3].share).toMatchObject({ count: 2, denominator: 4, rate: 0.5 });
    expect(score.options[3].share.low).toBeCloseTo(0.15, 2);
    const groups = Object.fromEntries(score.groups.map((g: { key: string }) => [g.key, g]));
    expect(groups["01001"]).toMatchObject({ answered: 3, mean: 13 / 3 });
    expect(groups["01002"]).toMatchObject({ answered: 1, mean: 1 });
    // Other kinds carry no mean.
    expect(json.questions.find((q: { code: string }) => q.code === "access")).not.toHaveProperty("mean");
  });

  it("prints the mean in the XLSX's question heading", async () => {
    const rendered = await renderReport(app, await prepared("unit"), "xlsx", "vi");
    const buffer = await toBuffer(rendered.body);
    await rendered.done;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.getWorksheet("Câu hỏi thêm")!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const heading = rows.find((r) => String(r[0]).includes("chấm điểm chung"))!;
    expect(String(heading[0])).toContain("4 phiếu trả lời");
    expect(String(heading[0])).toContain("điểm trung bình 3,5/5");
    expect(rows.find((r) => r[0] === "4")!.slice(0, 3)).toEqual(["4", 2, 0.5]);
  });
});
