/**
 * Issue 18's national installation for the admin pages' figures: 34
 * provinces, 3,321 communes, two desks a commune (6,642), 7,000 tablets in
 * every state (online, stale, offline, never paired, revoked) and 5,000
 * accounts. No responses: the list pages do not read them (the reports'
 * figures are the `report` bench's). Built with the app's repositories, so
 * every row has its search key.
 */
import type { DB } from "~db/connection";
import { insertDesk } from "~db/repositories/desks";
import { insertDevice } from "~db/repositories/devices";
import { insertUnit } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";

export const NATIONAL = { provinces: 34, communes: 3321, desksPerCommune: 2, tablets: 7000, users: 5000 };

const SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Đông", "Xuân", "Lộc", "Sơn", "Thạnh", "Mỹ", "Long", "Hưng"];
const name = (n: number) => `${SYLLABLES[n % SYLLABLES.length]} ${SYLLABLES[Math.floor(n / 13) % SYLLABLES.length]}`;

/** Builds the installation; `now` decides which tablets are online, stale or offline. */
export async function buildNation(db: DB, now: Date, adminPasswordHash: string): Promise<void> {
  const at = "2025-07-01T00:00:00.000Z";
  await db.transaction().execute(async (trx) => {
    const provinces: number[] = [];
    for (let p = 0; p < NATIONAL.provinces; p++) {
      const unit = await insertUnit(trx, {
        code: String(10 + p),
        name: `Tỉnh ${name(p)} ${p + 1}`,
        level: "province",
        parentId: null,
        validFrom: "2025-07-01",
        validTo: null,
        createdAt: at,
      });
      provinces.push(unit.id);
    }
    const communes: { id: number; code: string }[] = [];
    for (let c = 0; c < NATIONAL.communes; c++) {
      const p = c % NATIONAL.provinces;
      const code = `${10 + p}${String(Math.floor(c / NATIONAL.provinces) + 1).padStart(3, "0")}`;
      const unit = await insertUnit(trx, {
        code,
        name: `${c % 5 === 0 ? "Phường" : "Xã"} ${name(c)} ${c + 1}`,
        level: "commune",
        parentId: provinces[p],
        validFrom: "2025-07-01",
        validTo: null,
        createdAt: at,
      });
      communes.push({ id: unit.id, code });
    }
    const desks: number[] = [];
    for (const commune of communes) {
      for (let d = 1; d <= NATIONAL.desksPerCommune; d++) {
        const desk = await insertDesk(trx, {
          code: `${commune.code}-Q${d}`,
          name: d === 1 ? "Bộ phận Một cửa" : `Quầy số ${d}`,
          unitId: commune.id,
          createdAt: at,
        });
        desks.push(desk.id);
      }
    }
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    for (let t = 0; t < NATIONAL.tablets; t++) {
      const device = await insertDevice(trx, {
        deskId: desks[t % desks.length],
        name: `Máy tính bảng ${t + 1}`,
        tokenHash: `national-${t}`,
        createdAt: at,
      });
      const kind = t % 10;
      // 60 % heard from a minute ago, 10 % 10 minutes ago, 10 % two days ago, 10 % never, 10 % revoked.
      const seen = kind < 6 ? minutesAgo(1) : kind === 6 ? minutesAgo(10) : kind === 7 ? minutesAgo(2 * 1440) : null;
      await trx
        .updateTable("devices")
        .set({ last_seen_at: seen, revoked_at: kind === 9 ? at : null })
        .where("id", "=", device.id)
        .execute();
    }
    await insertUser(trx, {
      username: "quantri",
      passwordHash: adminPasswordHash,
      role: "admin",
      unitId: null,
      createdAt: at,
      passwordChangedAt: at,
    });
    for (let u = 1; u < NATIONAL.users; u++) {
      const commune = communes[u % communes.length];
      await insertUser(trx, {
        username: `cb${String(u).padStart(4, "0")}.${commune.code}`,
        passwordHash: adminPasswordHash,
        role: u % 4 === 0 ? "manager" : "viewer",
        unitId: u % 50 === 0 ? provinces[u % provinces.length] : commune.id,
        createdAt: at,
        passwordChangedAt: at,
      });
    }
  });
}
