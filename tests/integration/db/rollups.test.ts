/**
 * Rollups kept incrementally (ingest, suspect flags set and cleared later)
 * equal rollups rebuilt from the raw responses, on random data.
 */
import crypto from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLLUP_TABLES, applyToRollups, rebuildRollups, sumRollups } from "~db/repositories/rollups";
import { splitByWholeMonths } from "~/domain/periods";
import type { RollupSource } from "~/domain/response";
import { type StoredResponse, insertResponses } from "~db/repositories/responses";
import { RATINGS, type UnitLevel } from "~db/schema";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { rollupSnapshot } from "../../helpers/rollups";

interface Place {
  deskId: number;
  unitId: number;
  level: UnitLevel;
}

const responseArb = fc.record({
  place: fc.nat(2),
  // Across month ends and weekdays (2026-11-29 is a Sunday, 2026-11-30 a Monday).
  day: fc.constantFrom("2025-06-30", "2025-07-01", "2026-11-26", "2026-11-29", "2026-11-30", "2026-12-01"),
  hour: fc.integer({ min: 0, max: 23 }),
  rating: fc.constantFrom(...RATINGS),
  harassment: fc.boolean(),
  field: fc.constantFrom(null, "dat_dai", "thue"),
  onTime: fc.constantFrom(null, 0, 1),
  suspect: fc.constantFrom(0, 0, 0, 1),
});

type Generated = typeof responseArb extends fc.Arbitrary<infer T> ? T : never;

function toRow(g: Generated, places: Place[]): StoredResponse {
  const place = places[g.place];
  const at = `${g.day}T${String(g.hour).padStart(2, "0")}:15:00+07:00`;
  return {
    id: crypto.randomUUID(),
    deviceId: null,
    deskId: place.deskId,
    unitId: place.unitId,
    unitLevel: place.level,
    questionnaireVersion: 1,
    rating: g.rating,
    reasons: g.rating === "dissatisfied" && g.harassment ? '["harassment"]' : "[]",
    harassment: g.rating === "dissatisfied" && g.harassment ? 1 : 0,
    fieldCode: g.field,
    dossierCode: null,
    onTime: g.onTime as 0 | 1 | null,
    comment: null,
    language: "vi",
    answers: null,
    submittedAt: new Date(at).toISOString(),
    receivedAt: new Date(at).toISOString(),
    effectiveAt: new Date(at).toISOString(),
    localDate: g.day,
    localHour: g.hour,
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

describe.each(databaseFactories())("rollups on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  let places: Place[];
  beforeAll(async () => {
    app = testApp();
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const district = await createUnitWithDesk(app, {
      code: "011",
      name: "Huyện Thử",
      level: "district",
      parentId: province.unit.id,
    });
    const commune = await createUnitWithDesk(app, {
      code: "01101",
      name: "Xã Thử",
      level: "commune",
      parentId: district.unit.id,
    });
    places = [province, district, commune].map((p) => ({
      deskId: p.desk.id,
      unitId: p.unit.id,
      level: p.unit.level,
    }));
  });

  async function clear() {
    for (const table of [...ROLLUP_TABLES, "responses"] as const) await app.db.deleteFrom(table).execute();
  }

  it("rebuild equals incremental maintenance, including suspect flags changed afterwards", async () => {
    const runs = factory.dialect === "postgres" ? 25 : 50;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(responseArb, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (batches, flips) => {
          await clear();
          const stored: StoredResponse[] = [];
          // Ingest: each batch stored with its rollups in one transaction, as ingestResponses does.
          for (const batch of batches) {
            const rows = batch.map((g) => toRow(g, places));
            await app.db.transaction().execute(async (trx) => {
              await insertResponses(trx, rows);
              await applyToRollups(trx, rows);
            });
            stored.push(...rows);
          }
          // Later reviews flip the suspect flag: out with the old contribution, in with the new.
          for (const flip of flips) {
            const row = stored[flip % stored.length];
            const before: RollupSource = { ...row };
            row.suspect = row.suspect ? 0 : 1;
            await app.db.transaction().execute(async (trx) => {
              await trx.updateTable("responses").set({ suspect: row.suspect }).where("id", "=", row.id).execute();
              await applyToRollups(trx, [before], -1);
              await applyToRollups(trx, [row]);
            });
          }
          const incremental = await rollupSnapshot(app.db);
          const result = await rebuildRollups(app.db);
          expect(result.responses).toBe(stored.length);
          expect(await rollupSnapshot(app.db)).toEqual(incremental);
        }
      ),
      { numRuns: runs }
    );
  });

  it("counts suspect responses only as suspect, and rebuilds an emptied table", async () => {
    await clear();
    const rows = [
      toRow(
        {
          place: 2,
          day: "2026-11-26",
          hour: 9,
          rating: "satisfied",
          harassment: false,
          field: null,
          onTime: 1,
          suspect: 0,
        },
        places
      ),
      toRow(
        {
          place: 2,
          day: "2026-11-26",
          hour: 9,
          rating: "dissatisfied",
          harassment: true,
          field: "thue",
          onTime: 0,
          suspect: 1,
        },
        places
      ),
    ];
    await insertResponses(app.db, rows);
    const rebuilt = await rebuildRollups(app.db);
    expect(rebuilt).toEqual({
      responses: 2,
      rows: {
        rollup_day: 1,
        rollup_day_field: 2,
        rollup_day_hour: 1,
        rollup_month: 1,
        rollup_month_field: 2,
        rollup_month_hour: 1,
        rollup_day_channel: 1,
        rollup_month_channel: 1,
      },
      answerRows: { rollup_day_answer: 0, rollup_month_answer: 0 },
      officerRows: 0,
    });
    const [day] = await sumRollups(app.db, { from: "2026-11-26", to: "2026-11-26" }, []);
    expect(day).toEqual({
      total: 1,
      verySatisfied: 0,
      satisfied: 1,
      neutral: 0,
      dissatisfied: 0,
      harassment: 0,
      onTimeYes: 1,
      onTimeAnswered: 1,
      suspect: 1,
    });
    await app.db.deleteFrom("responses").execute();
    expect(Object.values((await rebuildRollups(app.db)).rows)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("splitByWholeMonths (reports over whole months read rollup_month)", () => {
  it("splits a range into its whole months and the days at either end", () => {
    expect(splitByWholeMonths("2024-01-01", "2024-12-31")).toEqual({
      months: { from: "2024-01-01", to: "2024-12-31" },
      days: [],
    });
    expect(splitByWholeMonths("2024-01-15", "2024-03-10")).toEqual({
      months: { from: "2024-02-01", to: "2024-02-29" },
      days: [
        { from: "2024-01-15", to: "2024-01-31" },
        { from: "2024-03-01", to: "2024-03-10" },
      ],
    });
    expect(splitByWholeMonths("2026-11-02", "2026-11-30")).toEqual({
      months: null,
      days: [{ from: "2026-11-02", to: "2026-11-30" }],
    });
    expect(splitByWholeMonths("2025-06-30", "2025-07-31")).toEqual({
      months: { from: "2025-07-01", to: "2025-07-31" },
      days: [{ from: "2025-06-30", to: "2025-06-30" }],
    });
  });
});
