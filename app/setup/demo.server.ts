/**
 * The demo province, in one of two models: the historic three levels with a
 * one-stop desk per unit, or the two tiers from 1 July 2025 with a centre per
 * commune (one with two counters, one with an «điểm tiếp nhận»); a tablet per desk, the default procedure fields, questionnaire version 1, an
 * administrator, and two months of plausible responses so that the overview
 * and reports have something to show. Idempotent: a database that already has
 * the demo province is left alone. Deterministic: the same seed, the same data.
 */
import type { DB } from "~db/connection";
import { insertDesk } from "~db/repositories/desks";
import { insertFieldNames, insertFields } from "~db/repositories/fields";
import { hasAnyQuestionnaire, insertQuestionnaire } from "~db/repositories/questionnaires";
import { type StoredResponse, insertResponses } from "~db/repositories/responses";
import { upsertBaseline, upsertTargets } from "~db/repositories/settings";
import { applyToRollups } from "~db/repositories/rollups";
import { insertUnit, findUnitByCode } from "~db/repositories/units";
import { findUserByUsername, insertUser } from "~db/repositories/users";
import { REASONS, type Rating, type Reason, type UnitLevel } from "~db/schema";
import { generatePassword, hashPassword } from "~/auth/password.server";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { addDays, localDateOf, weekdayOf } from "~/domain/time";
import { createDevice } from "~/devices/devices.server";
import { getT } from "~/i18n/i18n.server";
import { resources } from "~/i18n/resources.server";
import { toResponseRow } from "~/ingest/rows.server";
import { newUuid } from "~/kiosk/machine";

export const DEMO_PROVINCE_CODE = "99";
export const DEMO_ADMIN_USERNAME = "admin";
export const DEMO_PROVINCE_DESK = "99-TTPVHCC";

/** The two demo provinces: the historic three levels, and the two tiers in force from 1 July 2025. */
export const DEMO_MODELS = ["three-level", "two-tier"] as const;
export type DemoModel = (typeof DEMO_MODELS)[number];

interface DemoDesk {
  code: string;
  /** A key of seed.desks and its values. */
  name: [string, Record<string, string>?];
}

interface DemoUnit {
  code: string;
  name: string;
  level: UnitLevel;
  /** Its desks; by default one, named for its level. */
  desks?: DemoDesk[];
  children?: DemoUnit[];
}

interface DemoProvince {
  tree: DemoUnit;
  /** The day its units start: the three levels from 2020, the communes of the two tiers from 1 July 2025. */
  validFrom: (level: UnitLevel) => string | null;
  /** The desk whose citizens complain of harassment (the demo shows a unit on both sides of the target). */
  harassmentDesk: string;
}

/** Proper names of a fictional province (code 99 is not used by any real province). */
const THREE_LEVEL: DemoUnit = {
  code: DEMO_PROVINCE_CODE,
  name: "Tỉnh An Hòa",
  level: "province",
  children: [
    {
      code: "991",
      name: "Thành phố An Hòa",
      level: "district",
      children: [
        { code: "99101", name: "Phường Bắc Sơn", level: "commune" },
        { code: "99102", name: "Phường Nam Sơn", level: "commune" },
        { code: "99103", name: "Xã Hòa Phong", level: "commune" },
      ],
    },
    {
      code: "992",
      name: "Huyện Thanh Bình",
      level: "district",
      children: [
        { code: "99201", name: "Thị trấn Thanh Bình", level: "commune" },
        { code: "99202", name: "Xã Bình Minh", level: "commune" },
      ],
    },
    {
      code: "993",
      name: "Huyện Phú Lâm",
      level: "district",
      children: [
        { code: "99301", name: "Xã Phú Lâm", level: "commune" },
        { code: "99302", name: "Xã Tân Hòa", level: "commune" },
        { code: "99303", name: "Xã Đông Phú", level: "commune" },
      ],
    },
  ],
};

/**
 * The same province after 1 July 2025 (Nghị định 118/2025/NĐ-CP): communes
 * directly under the province, five-digit codes in the manner of QĐ 19/2025,
 * a provincial centre and a commune-level centre in each commune — one with
 * two counters, one with an «điểm tiếp nhận» in a former commune.
 */
const TWO_TIER: DemoUnit = {
  code: DEMO_PROVINCE_CODE,
  name: "Tỉnh An Hòa",
  level: "province",
  children: [
    {
      code: "99001",
      name: "Phường An Hòa",
      level: "commune",
      desks: [
        { code: "99001-TTPVHCC-1", name: ["counter", { n: "1" }] },
        { code: "99001-TTPVHCC-2", name: ["counter", { n: "2" }] },
      ],
    },
    { code: "99004", name: "Phường Bắc Sơn", level: "commune" },
    { code: "99007", name: "Phường Nam Sơn", level: "commune" },
    {
      code: "99010",
      name: "Xã Thanh Bình",
      level: "commune",
      desks: [
        { code: "99010-TTPVHCC", name: ["centre"] },
        { code: "99010-DTN-BM", name: ["branch", { place: "Bình Minh" }] },
      ],
    },
    { code: "99013", name: "Xã Phú Lâm", level: "commune" },
    { code: "99016", name: "Xã Tân Hòa", level: "commune" },
  ],
};

const PROVINCES: Record<DemoModel, DemoProvince> = {
  "three-level": { tree: THREE_LEVEL, validFrom: () => "2020-01-01", harassmentDesk: "99302-MC" },
  "two-tier": {
    tree: TWO_TIER,
    validFrom: (level) => (level === "province" ? null : "2025-07-01"),
    harassmentDesk: "99016-TTPVHCC",
  },
};

/** Desks the tests (and a trainer) use: a commune's, the commune whose citizens complain of harassment, and another. */
export const DEMO_DESKS: Record<DemoModel, { commune: string; harassment: string; other: string }> = {
  "three-level": { commune: "99101-MC", harassment: "99302-MC", other: "992-MC" },
  "two-tier": { commune: "99004-TTPVHCC", harassment: "99016-TTPVHCC", other: "99010-DTN-BM" },
};

/** The desks of a demo unit: its own, or one named for its level («Bộ phận Một cửa …» before 2025, a centre after). */
function desksOf(node: DemoUnit, model: DemoModel): DemoDesk[] {
  if (node.desks) return node.desks;
  if (node.level === "province") return [{ code: DEMO_PROVINCE_DESK, name: ["centre"] }];
  return model === "two-tier"
    ? [{ code: `${node.code}-TTPVHCC`, name: ["centre"] }]
    : [{ code: `${node.code}-MC`, name: ["one_stop"] }];
}

/** A unit's name inside a sentence: «Phường Bắc Sơn» → «phường Bắc Sơn» (the kind is a common noun). */
export function unitInText(name: string): string {
  return name.charAt(0).toLocaleLowerCase("vi") + name.slice(1);
}

/** A small seeded PRNG (mulberry32): demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last day before the ministries merged under Nghị quyết 176/2025/QH15 began work (1 March 2025). */
export const BEFORE_MINISTRIES_MERGED = "2025-02-28";

/**
 * The default procedure fields (docs/domain.md), named after the ministries
 * as merged in 2025, added beside any that exist, with the names the renamed
 * ones had until then; returns their codes.
 */
export async function seedDefaultFields(db: DB): Promise<string[]> {
  const fieldNames = resources.vi.seed.fields as Record<string, string>;
  const fieldNamesEn = resources.en.seed.fields as Record<string, string>;
  const codes = Object.keys(fieldNames);
  await insertFields(
    db,
    codes.map((code, i) => ({ code, nameVi: fieldNames[code], nameEn: fieldNamesEn[code], sortOrder: i + 1 }))
  );
  const before = resources.vi.seed.fields_before_2025 as Record<string, string>;
  const beforeEn = resources.en.seed.fields_before_2025 as Record<string, string>;
  await insertFieldNames(
    db,
    Object.keys(before).map((code) => ({
      fieldCode: code,
      validTo: BEFORE_MINISTRIES_MERGED,
      nameVi: before[code],
      nameEn: beforeEn[code],
    }))
  );
  return codes;
}

/**
 * The default procedure fields and questionnaire version 1, active; returns
 * the field codes. A database that already has a questionnaire version (a
 * production first start creates one, see startup.server.ts) keeps its own.
 */
export async function seedCatalog(db: DB, createdAt: string, options: { fields?: boolean } = {}): Promise<string[]> {
  const codes = options.fields === false ? [] : await seedDefaultFields(db);
  if (await hasAnyQuestionnaire(db)) return codes;
  await insertQuestionnaire(db, {
    version: 1,
    definitionJson: JSON.stringify(DEFAULT_DEFINITION),
    active: 1,
    createdAt,
    activatedAt: createdAt,
  });
  return codes;
}

export interface DemoSeedResult {
  created: boolean;
  units: number;
  desks: number;
  responses: number;
  admin?: { username: string; password: string };
}

export interface DemoSeedOptions {
  /** Which province: the historic three levels (default) or the two tiers from 1 July 2025. */
  model?: DemoModel;
  /** Days of past responses to generate (0 for none). */
  days?: number;
  seed?: number;
}

/** Seeds the demo province once; `secret` is the server secret, under which its tablets' pairing codes are stored. */
export async function seedDemo(
  db: DB,
  secret: string,
  now: Date,
  options: DemoSeedOptions = {}
): Promise<DemoSeedResult> {
  if (await findUnitByCode(db, DEMO_PROVINCE_CODE)) {
    return { created: false, units: 0, desks: 0, responses: 0 };
  }
  const t = getT("vi");
  const createdAt = now.toISOString();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);

  return db.transaction().execute(async (trx) => {
    const desks: { deskId: number; deskCode: string; unitId: number; level: UnitLevel; deviceId: number }[] = [];
    let units = 0;
    const model = options.model ?? "three-level";
    const province = PROVINCES[model];
    const addUnit = async (node: DemoUnit, parentId: number | null) => {
      const unit = await insertUnit(trx, {
        code: node.code,
        name: node.name,
        level: node.level,
        parentId,
        validFrom: province.validFrom(node.level),
        validTo: null,
        createdAt,
      });
      units++;
      for (const { code: deskCode, name } of desksOf(node, model)) {
        const desk = await insertDesk(trx, {
          code: deskCode,
          name: t(`seed:desks.${name[0]}`, { unit: unitInText(node.name), ...name[1] }),
          unitId: unit.id,
          createdAt,
        });
        const device = await createDevice(trx, secret, { deskCode, name: t("seed:device_name") }, now);
        desks.push({ deskId: desk.id, deskCode, unitId: unit.id, level: node.level, deviceId: device.deviceId });
      }
      for (const child of node.children ?? []) await addUnit(child, unit.id);
    };
    await addUnit(province.tree, null);

    const fieldCodes = await seedCatalog(trx, createdAt);
    await seedDemoTargets(trx, now, options.days ?? 60);

    let admin: DemoSeedResult["admin"];
    if (!(await findUserByUsername(trx, DEMO_ADMIN_USERNAME))) {
      await insertUser(trx, {
        username: DEMO_ADMIN_USERNAME,
        passwordHash,
        role: "admin",
        unitId: null,
        createdAt,
        passwordChangedAt: createdAt,
      });
      admin = { username: DEMO_ADMIN_USERNAME, password };
    }

    const rows = demoResponses(desks, fieldCodes, now, { ...options, harassmentDesk: province.harassmentDesk });
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await insertResponses(trx, chunk);
      await applyToRollups(trx, chunk);
    }
    return { created: true, units, desks: desks.length, responses: rows.length, admin };
  });
}

/**
 * The province's targets for every year its demo data covers (the figures of
 * its resolution, 92% / 1% / 97%), and its baselines of 2016 and 2019, as an
 * administrator would enter them on the settings page.
 */
async function seedDemoTargets(db: DB, now: Date, days: number): Promise<void> {
  const t = getT("vi");
  const last = Number(localDateOf(now).slice(0, 4));
  const first = Number(localDateOf(new Date(now.getTime() - days * 86_400_000)).slice(0, 4));
  for (let year = first; year <= last; year++) {
    await upsertTargets(db, {
      year,
      satisfaction: 0.92,
      harassment: 0.01,
      onTime: 0.97,
      minSample: 30,
      resolution: t("seed:resolution"),
    });
  }
  await upsertBaseline(db, {
    year: 2016,
    satisfaction: 0.83,
    harassment: 0.017,
    onTime: null,
    source: t("seed:resolution"),
  });
  await upsertBaseline(db, {
    year: 2019,
    satisfaction: 0.92,
    harassment: 0.01,
    onTime: 0.97,
    source: t("seed:resolution"),
  });
}

/**
 * Past responses: office hours on working days and Saturday mornings; each
 * desk has its own level of satisfaction, and one commune desk draws
 * harassment complaints, so the demo shows units on both sides of the targets.
 */
function demoResponses(
  desks: { deskId: number; deskCode: string; unitId: number; level: UnitLevel; deviceId: number }[],
  fieldCodes: string[],
  now: Date,
  options: DemoSeedOptions & { harassmentDesk: string }
): StoredResponse[] {
  const days = options.days ?? 60;
  const random = seededRandom(options.seed ?? 20261126);
  const bytes = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(random() * 256);
    return b;
  };
  const today = localDateOf(now);
  const rows: StoredResponse[] = [];
  // Every other dissatisfied citizen writes about their main reason (no extra random draws,
  // so the rest of the demo data stays the same).
  const comments = resources.vi.seed.comments as Record<Reason, string>;
  let dissatisfied = 0;
  desks.forEach((desk, deskIndex) => {
    const quality = 0.86 + ((deskIndex * 7) % 12) / 100; // 86%..97% satisfied
    const harassmentShare = desk.deskCode === options.harassmentDesk ? 0.5 : 0.08;
    const perDay = desk.level === "province" ? 14 : desk.level === "district" ? 8 : 4;
    for (let d = days; d >= 1; d--) {
      const date = addDays(today, -d);
      const weekday = weekdayOf(date);
      if (weekday === 6) continue;
      const count = Math.round(perDay * (weekday === 5 ? 0.4 : 0.6 + random() * 0.8));
      for (let i = 0; i < count; i++) {
        const hour = weekday === 5 ? 7 + Math.floor(random() * 4) : 7 + Math.floor(random() * 10);
        const minute = Math.floor(random() * 60);
        const at = new Date(`${date}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+07:00`);
        const roll = random();
        const rating: Rating =
          roll < quality * 0.45
            ? "very_satisfied"
            : roll < quality
              ? "satisfied"
              : roll < quality + (1 - quality) / 2
                ? "neutral"
                : "dissatisfied";
        const reasons: Reason[] = [];
        if (rating === "dissatisfied") {
          if (random() < harassmentShare) reasons.push("harassment");
          const other = REASONS.filter((r) => r !== "harassment")[Math.floor(random() * (REASONS.length - 1))];
          reasons.push(other);
        }
        const answeredOnTime = random() < 0.6;
        const row = toResponseRow(
          { deviceId: desk.deviceId, deskId: desk.deskId, unitId: desk.unitId, unitLevel: desk.level },
          {
            id: newUuid(at.getTime(), bytes),
            submittedAt: at,
            questionnaireVersion: 1,
            rating,
            reasons: reasons.sort(),
            fieldCode: random() < 0.8 ? fieldCodes[Math.floor(random() * fieldCodes.length)] : null,
            dossierCode: null,
            onTime: answeredOnTime ? random() < 0.97 : null,
            comment:
              rating === "dissatisfied" && dissatisfied++ % 2 === 0
                ? comments[reasons.includes("harassment") ? "harassment" : reasons[0]]
                : null,
            language: random() < 0.97 ? "vi" : "en",
            answers: null,
          },
          at
        );
        rows.push(row);
      }
    }
  });
  return rows;
}
