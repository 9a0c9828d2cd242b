/**
 * The synthetic province the report benchmark reads: one province, 10
 * districts, 139 communes, a one-stop desk and a tablet each (150 desks), the
 * 14 procedure fields of the demo seed and questionnaire version 1. Built with
 * the app's own repositories, so it is the same on SQLite and PostgreSQL.
 */
import type { DB } from "~db/connection";
import { insertDesk } from "~db/repositories/desks";
import { insertDevice } from "~db/repositories/devices";
import { insertUnit } from "~db/repositories/units";
import type { UnitLevel } from "~db/schema";
import { seedCatalog } from "~/setup/demo.server";

export const BENCH_PROVINCE = "99";
export const BENCH_YEAR = 2024;
const DISTRICTS = 10;
const COMMUNES = 139;

export interface BenchDesk {
  deskId: number;
  deviceId: number;
  unitId: number;
  level: UnitLevel;
}

export interface BenchProvince {
  desks: BenchDesk[];
  fieldCodes: string[];
}

export async function buildProvince(db: DB): Promise<BenchProvince> {
  const createdAt = "2020-01-01T00:00:00.000Z";
  return db.transaction().execute(async (trx) => {
    const desks: BenchDesk[] = [];
    const addUnit = async (code: string, name: string, level: UnitLevel, parentId: number | null) => {
      const unit = await insertUnit(trx, {
        code,
        name,
        level,
        parentId: parentId,
        validFrom: "2020-01-01",
        validTo: null,
        createdAt,
      });
      const desk = await insertDesk(trx, {
        code: `${code}-MC`,
        name: `Bộ phận Một cửa ${name}`,
        unitId: unit.id,
        createdAt,
      });
      const device = await insertDevice(trx, {
        deskId: desk.id,
        name: "Máy tính bảng",
        tokenHash: `bench-${code}`,
        createdAt,
      });
      desks.push({ deskId: desk.id, deviceId: device.id, unitId: unit.id, level });
      return unit.id;
    };
    const provinceId = await addUnit(BENCH_PROVINCE, "Tỉnh Thử Tải", "province", null);
    const districtIds: number[] = [];
    for (let d = 0; d < DISTRICTS; d++) {
      districtIds.push(await addUnit(`9${String(d).padStart(2, "0")}`, `Huyện Số ${d + 1}`, "district", provinceId));
    }
    for (let c = 0; c < COMMUNES; c++) {
      const d = c % DISTRICTS;
      await addUnit(
        `9${String(d).padStart(2, "0")}${String(Math.floor(c / DISTRICTS) + 1).padStart(2, "0")}`,
        `Xã Số ${c + 1}`,
        "commune",
        districtIds[d]
      );
    }
    const fieldCodes = await seedCatalog(trx, createdAt);
    return { desks, fieldCodes };
  });
}

/** Local dates the desks are open in the bench year: Monday–Friday all day, Saturday mornings. */
export function openDays(year: number): { date: string; saturday: boolean }[] {
  const days: { date: string; saturday: boolean }[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0) continue;
    days.push({ date: new Date(t).toISOString().slice(0, 10), saturday: weekday === 6 });
  }
  return days;
}
