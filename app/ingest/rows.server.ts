/**
 * From a valid item to the row that stores it: checked against the reference
 * data (catalog.server.ts), its time after the clock rule, its local date and
 * hour, and its content hash. No writes here; ingest.server.ts stores them.
 */
import type { DeviceIdentity } from "~db/repositories/devices";
import type { StoredResponse } from "~db/repositories/responses";
import { offeredReasons, overallLevels } from "~/domain/questionnaire";
import { validateAnswers } from "~/domain/questionnaire.server";
import { toLocalTime } from "~/domain/time";
import type { Problem } from "~/utils/problems";
import type { Catalog } from "./catalog.server";
import { type NormalisedItem, contentHash } from "./item.server";

/** A tablet clock further ahead than this, or further behind, is not trusted. */
export const CLOCK_AHEAD_LIMIT_MS = 5 * 60 * 1000;
export const CLOCK_BEHIND_LIMIT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The time a response counts at: the tablet's tap time, unless the tablet's
 * clock is implausible (ahead of the server, or so far behind that it is more
 * likely wrong than offline), in which case the server's receipt time.
 */
export function effectiveTime(submittedAt: Date, receivedAt: Date): { at: Date; corrected: boolean } {
  const skew = submittedAt.getTime() - receivedAt.getTime();
  if (skew > CLOCK_AHEAD_LIMIT_MS || -skew > CLOCK_BEHIND_LIMIT_MS) return { at: receivedAt, corrected: true };
  return { at: submittedAt, corrected: false };
}

/** What the catalog says against an item: unknown version or field, a reason or answer the version does not offer. */
export async function referenceProblems(catalog: Catalog, item: NormalisedItem): Promise<Problem[]> {
  const problems: Problem[] = [];
  const definition = await catalog.questionnaire(item.questionnaireVersion);
  if (!definition) {
    problems.push({
      field: "questionnaireVersion",
      code: "unknown_questionnaire_version",
      params: { version: item.questionnaireVersion },
    });
  } else {
    // A three-level version has no "neutral" face.
    if (!overallLevels(definition).includes(item.rating))
      problems.push({
        field: "rating",
        code: "rating_not_offered",
        params: { version: item.questionnaireVersion, code: item.rating },
      });
    const offered = new Set(offeredReasons(definition));
    for (const reason of item.reasons) {
      if (!offered.has(reason))
        problems.push({
          field: "reasons",
          code: "reason_not_offered",
          params: { version: item.questionnaireVersion, code: reason },
        });
    }
    if (item.answers) problems.push(...validateAnswers(definition, item.questionnaireVersion, item.answers));
  }
  if (item.fieldCode !== null && !(await catalog.hasField(item.fieldCode))) {
    problems.push({ field: "fieldCode", code: "unknown_field_code", params: { code: item.fieldCode } });
  }
  return problems;
}

/** Where a response was given: its device's desk and unit at the time of ingest (no device: a phone). */
export type ResponseOrigin = Pick<DeviceIdentity, "deskId" | "unitId" | "unitLevel"> & { deviceId: number | null };

export function toResponseRow(device: ResponseOrigin, item: NormalisedItem, receivedAt: Date): StoredResponse {
  const { at, corrected } = effectiveTime(item.submittedAt, receivedAt);
  const local = toLocalTime(at);
  return {
    id: item.id,
    deviceId: device.deviceId,
    deskId: device.deskId,
    unitId: device.unitId,
    unitLevel: device.unitLevel,
    questionnaireVersion: item.questionnaireVersion,
    rating: item.rating,
    reasons: JSON.stringify(item.reasons),
    harassment: item.rating === "dissatisfied" && item.reasons.includes("harassment") ? 1 : 0,
    fieldCode: item.fieldCode,
    dossierCode: item.dossierCode,
    onTime: item.onTime === null ? null : item.onTime ? 1 : 0,
    comment: item.comment,
    language: item.language,
    answers: item.answers ? JSON.stringify(item.answers) : null,
    submittedAt: item.submittedAt.toISOString(),
    receivedAt: receivedAt.toISOString(),
    effectiveAt: at.toISOString(),
    localDate: local.date,
    localHour: local.hour,
    clockCorrected: corrected ? 1 : 0,
    suspect: 0,
    suspectReason: null,
    suspectReview: null,
    contentHash: contentHash(device.deviceId, item),
    channel: "kiosk",
    dossierId: null,
    // Set in the write transaction from the desk's duty at the effective time (app/ingest/commit-queue.server.ts).
    officerId: null,
  };
}
