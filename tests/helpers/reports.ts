/**
 * Report fixtures: responses in known numbers, stored through the real ingest
 * path, and the province most report tests use — all three levels with counts
 * whose rates are worked out by hand (see expectations in the tests).
 */
import crypto from "node:crypto";
import type { DeviceIdentity } from "~db/repositories/devices";
import { insertResponses } from "~db/repositories/responses";
import { applyToRollups } from "~db/repositories/rollups";
import { ingestResponses } from "~/ingest/ingest.server";
import type { NormalisedItem } from "~/ingest/item.server";
import { toResponseRow } from "~/ingest/rows.server";
import type { Rating } from "~/domain/response";
import type { TestApp } from "./app";
import { createUnitWithDesk, seedReference } from "./fixtures";

export interface Mix {
  very_satisfied?: number;
  satisfied?: number;
  neutral?: number;
  dissatisfied?: number;
  /** How many of the dissatisfied give harassment as a reason. */
  harassment?: number;
  /** How many answer the on-time question yes / no (in order, over all responses). */
  onTimeYes?: number;
  onTimeNo?: number;
}

export interface Extra {
  fieldCode?: string;
  comment?: string;
  /** local time of day, HH:MM */
  time?: string;
}

/** Seconds between two fixture taps on one tablet: as citizens come, so the spam rule flags none (≥ 3 s, ≤ 20 in 10 min). */
const TAP_SPACING_S = 31;

/** API items for a mix, all tapped on one local date, one citizen every TAP_SPACING_S from `time` (09:30). */
export function itemsFor(mix: Mix, date: string, extra: Extra = {}) {
  const start = Date.parse(`${date}T${extra.time ?? "09:30"}:00+07:00`);
  const ratings = (["very_satisfied", "satisfied", "neutral", "dissatisfied"] as const).flatMap((r) =>
    Array.from({ length: mix[r] ?? 0 }, () => r)
  );
  let harassment = mix.harassment ?? 0;
  return ratings.map((rating, i) => {
    const reasons = rating === "dissatisfied" ? (harassment-- > 0 ? ["harassment"] : ["long_wait"]) : undefined;
    const yes = mix.onTimeYes ?? 0;
    const onTime = i < yes ? true : i < yes + (mix.onTimeNo ?? 0) ? false : undefined;
    return {
      id: crypto.randomUUID(),
      submittedAt: new Date(start + i * TAP_SPACING_S * 1000).toISOString(),
      questionnaireVersion: 1,
      rating,
      ...(reasons ? { reasons } : {}),
      ...(onTime !== undefined ? { onTime } : {}),
      ...(extra.fieldCode ? { fieldCode: extra.fieldCode } : {}),
      ...(extra.comment && rating === "dissatisfied" ? { comment: extra.comment } : {}),
    };
  });
}

/** Stores a mix through ingest, with the test clock on that day (so no clock correction applies). */
export async function ingestMix(app: TestApp, device: DeviceIdentity, mix: Mix, date: string, extra: Extra = {}) {
  const before = app.now();
  app.setNow(`${date}T16:00:00+07:00`);
  try {
    const items = itemsFor(mix, date, extra);
    for (let i = 0; i < items.length; i += 500) {
      const results = await ingestResponses(app, device, items.slice(i, i + 500), app.now());
      const bad = results.find((r) => r.status !== "created");
      if (bad) throw new Error(`ingest: ${JSON.stringify(bad)}`);
    }
  } finally {
    app.setNow(before);
  }
}

/** A plain tablet answer as the ingest normalises it: a rating and nothing else (no reasons, field, dossier or comment). */
export function plainItem(submittedAt: Date, rating: Rating): NormalisedItem {
  return {
    id: crypto.randomUUID(),
    submittedAt,
    questionnaireVersion: 1,
    rating,
    reasons: [],
    fieldCode: null,
    dossierCode: null,
    onTime: null,
    comment: null,
    language: "vi",
    answers: null,
  };
}

/** Suspect responses (the spam rule's flag), stored with their rollups as ingest would. */
export async function storeSuspect(app: TestApp, device: DeviceIdentity, count: number, date: string) {
  const at = new Date(`${date}T09:30:00+07:00`);
  const rows = Array.from({ length: count }, () => ({
    ...toResponseRow(device, plainItem(at, "very_satisfied"), at),
    suspect: 1 as const,
    suspectReason: "interval" as const,
  }));
  await app.db.transaction().execute(async (trx) => {
    await insertResponses(trx, rows);
    await applyToRollups(trx, rows);
  });
}

/**
 * Tỉnh Thử (01) with its own desk; Huyện A (011) with Xã A1 (01101) and Xã A2
 * (01102); Huyện B (012) with Xã B1 (01201). November 2026 (B1 in October):
 *
 *   desk/unit        N   satisfied  dissatisfied (harassment)  field
 *   01  province    40   38 (20+18)  1 (0)  + 1 neutral, 3 suspect
 *   011 district    30   27          3 (1)                     dat_dai
 *   01101 commune   10   10          0                         —
 *   01102 commune    0
 *   01201 commune   20   19          1 (1)    2026-10-15       thue
 *
 * Totals: N 100, S 94/100, H 2/100.
 */
export async function seedReportProvince(app: TestApp) {
  await seedReference(app);
  const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
  const a = await createUnitWithDesk(app, {
    code: "011",
    name: "Huyện A",
    level: "district",
    parentId: province.unit.id,
  });
  const a1 = await createUnitWithDesk(app, { code: "01101", name: "Xã A1", level: "commune", parentId: a.unit.id });
  const a2 = await createUnitWithDesk(app, { code: "01102", name: "Xã A2", level: "commune", parentId: a.unit.id });
  const b = await createUnitWithDesk(app, {
    code: "012",
    name: "Huyện B",
    level: "district",
    parentId: province.unit.id,
  });
  const b1 = await createUnitWithDesk(app, { code: "01201", name: "Xã B1", level: "commune", parentId: b.unit.id });
  await ingestMix(
    app,
    province.identity,
    { very_satisfied: 20, satisfied: 18, neutral: 1, dissatisfied: 1, onTimeYes: 36, onTimeNo: 1 },
    "2026-11-10"
  );
  await storeSuspect(app, province.identity, 3, "2026-11-10");
  await ingestMix(app, a.identity, { satisfied: 27, dissatisfied: 3, harassment: 1 }, "2026-11-12", {
    fieldCode: "dat_dai",
    comment: "Cán bộ gợi ý nộp thêm phí",
    time: "14:10",
  });
  await ingestMix(app, a1.identity, { very_satisfied: 10 }, "2026-11-20");
  await ingestMix(app, b1.identity, { satisfied: 19, dissatisfied: 1, harassment: 1 }, "2026-10-15", {
    fieldCode: "thue",
    comment: "Phải đi lại nhiều lần",
  });
  return { province, a, a1, a2, b, b1 };
}
