/** Building blocks for tests: a desk with a device, and valid API items. */
import crypto from "node:crypto";
import { insertDesk } from "~db/repositories/desks";
import { insertFields } from "~db/repositories/fields";
import { insertQuestionnaire } from "~db/repositories/questionnaires";
import { insertUnit } from "~db/repositories/units";
import type { UnitLevel } from "~db/schema";
import type { AppContext } from "~/context";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import type { RollupSource } from "~/domain/response";
import { authenticateDevice, createDevice } from "~/devices/devices.server";

export async function seedReference(app: AppContext) {
  const at = app.now().toISOString();
  await insertFields(app.db, [
    { code: "dat_dai", nameVi: "Đất đai", nameEn: "Land", sortOrder: 1 },
    { code: "thue", nameVi: "Thuế", nameEn: "Tax", sortOrder: 2 },
  ]);
  await insertQuestionnaire(app.db, {
    version: 1,
    definitionJson: JSON.stringify(DEFAULT_DEFINITION),
    active: 1,
    createdAt: at,
    activatedAt: at,
  });
}

export async function createUnitWithDesk(
  app: AppContext,
  unit: { code: string; name: string; level: UnitLevel; parentId?: number | null }
) {
  const at = app.now().toISOString();
  const row = await insertUnit(app.db, {
    code: unit.code,
    name: unit.name,
    level: unit.level,
    parentId: unit.parentId ?? null,
    validFrom: null,
    validTo: null,
    createdAt: at,
  });
  const desk = await insertDesk(app.db, {
    code: `${unit.code}-MC`,
    name: `Một cửa ${unit.name}`,
    unitId: row.id,
    createdAt: at,
  });
  const device = await createDevice(
    app.db,
    app.config.sessionSecret,
    { deskCode: desk.code, name: "Tablet" },
    app.now()
  );
  const auth = await authenticateDevice(app.db, device.token);
  if (!auth.ok) throw new Error("device did not authenticate");
  return { unit: row, desk, device, identity: auth.device, token: device.token };
}

export function item(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    submittedAt: "2026-11-26T09:30:00+07:00",
    questionnaireVersion: 1,
    rating: "satisfied",
    ...overrides,
  };
}

/** A response as the rollups count it, at a commune's desk on a local date: satisfied, on time, unless `extra` says. */
export function rollupSource(
  at: { desk: { id: number }; unit: { id: number } },
  localDate: string,
  extra: Partial<RollupSource> = {}
): RollupSource {
  return {
    localDate,
    localHour: 9,
    deskId: at.desk.id,
    unitId: at.unit.id,
    unitLevel: "commune",
    fieldCode: null,
    rating: "satisfied",
    harassment: 0,
    onTime: 1,
    suspect: 0,
    questionnaireVersion: 1,
    answers: null,
    ...extra,
  };
}
