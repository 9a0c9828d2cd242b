/**
 * Issue 18's weight goal: the largest page any administration list allows
 * stays under 200 KB of HTML at national size (ADR 058). An installation with
 * more than 300 open units (so the create forms offer their full 300 choices)
 * and full pages of every list, its rows named as tests/bench/national.ts
 * names them; each list's largest page size is fetched as an administrator of
 * the whole country sees it.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import { insertDesk } from "~db/repositories/desks";
import { insertDevice } from "~db/repositories/devices";
import { insertOfficer } from "~db/repositories/officers";
import { insertUnit } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";
import { hashPassword } from "~/auth/password.server";
import { type TestDatabase, sqliteDatabase } from "../helpers/databases";
import { signIn } from "../helpers/officials";
import { type RunningServer, startServer } from "../helpers/server";

const BUDGET = 200 * 1024;
const ADMIN = { username: "quantri", password: "mat-khau-quoc-gia-2026" };
const SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Đông", "Xuân", "Lộc", "Sơn", "Thạnh", "Mỹ", "Long", "Hưng"];
const name = (n: number) => `${SYLLABLES[n % SYLLABLES.length]} ${SYLLABLES[Math.floor(n / 13) % SYLLABLES.length]}`;

async function seed(url: string) {
  const database = openDatabase(url);
  const at = "2025-07-01T00:00:00.000Z";
  const now = Date.now();
  const adminHash = await hashPassword(ADMIN.password);
  try {
    await database.db.transaction().execute(async (trx) => {
      await insertUser(trx, {
        username: ADMIN.username,
        passwordHash: adminHash,
        role: "admin",
        unitId: null,
        createdAt: at,
        passwordChangedAt: at,
      });
      const provinces: number[] = [];
      for (let p = 0; p < 34; p++) {
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
      const desks: { id: number; unitId: number }[] = [];
      for (let c = 0; c < 400; c++) {
        const p = c % provinces.length;
        const code = `${10 + p}${String(Math.floor(c / provinces.length) + 1).padStart(3, "0")}`;
        const unit = await insertUnit(trx, {
          code,
          name: `${c % 5 === 0 ? "Phường" : "Xã"} ${name(c)} ${c + 1}`,
          level: "commune",
          parentId: provinces[p],
          validFrom: "2025-07-01",
          validTo: null,
          createdAt: at,
        });
        for (let d = 1; d <= 2; d++) {
          const desk = await insertDesk(trx, {
            code: `${code}-Q${d}`,
            name: d === 1 ? "Bộ phận Một cửa" : `Quầy số ${d}`,
            unitId: unit.id,
            createdAt: at,
          });
          desks.push({ id: desk.id, unitId: unit.id });
        }
      }
      // Tablets heard from a minute ago: the status every row shows.
      for (let t = 0; t < 250; t++) {
        const device = await insertDevice(trx, {
          deskId: desks[t % desks.length].id,
          name: `Máy tính bảng ${t + 1}`,
          tokenHash: `weight-${t}`,
          createdAt: at,
        });
        await trx
          .updateTable("devices")
          .set({ last_seen_at: new Date(now - 60_000).toISOString() })
          .where("id", "=", device.id)
          .execute();
      }
      for (let u = 1; u <= 260; u++) {
        const desk = desks[(u * 7) % desks.length];
        await insertUser(trx, {
          username: `cb${String(u).padStart(4, "0")}.${desk.unitId}`,
          passwordHash: "x",
          role: u % 10 === 0 ? "viewer" : "manager",
          unitId: desk.unitId,
          createdAt: at,
          passwordChangedAt: at,
        });
      }
      for (let o = 0; o < 250; o++) {
        await insertOfficer(trx, {
          code: `CB-${String(o + 1).padStart(4, "0")}`,
          name: `Nguyễn Thị ${name(o)} ${o + 1}`,
          deskId: desks[o % desks.length].id,
          pinHash: o % 2 ? "x" : null,
          at,
        });
      }
      // Desk renames, the most common entry, each with its values before and after.
      for (let e = 0; e < 150; e++) {
        const desk = desks[e % desks.length];
        await recordAudit(
          trx,
          { id: null, username: `cb${String(e + 1).padStart(4, "0")}.quanly` },
          new Date(now - e * 60_000),
          {
            action: "rename",
            entity: "desk",
            entityId: desk.id,
            unitId: desk.unitId,
            before: { name: "Bộ phận Tiếp nhận và Trả kết quả" },
            after: { name: `Bộ phận Một cửa ${e + 1}` },
          }
        );
      }
      // Flagged taps, a third with a comment.
      for (let r = 0; r < 150; r++) {
        const desk = desks[r % desks.length];
        const tap = new Date(now - r * 1000).toISOString();
        await trx
          .insertInto("responses")
          .values({
            id: crypto.randomUUID(),
            device_id: null,
            desk_id: desk.id,
            unit_id: desk.unitId,
            unit_level: "commune",
            questionnaire_version: 1,
            rating: "dissatisfied",
            reasons: JSON.stringify(["slow"]),
            harassment: 0,
            field_code: null,
            dossier_code: null,
            on_time: null,
            comment: r % 3 === 0 ? "Cán bộ hướng dẫn chưa rõ ràng, phải đi lại nhiều lần." : null,
            language: "vi",
            answers: null,
            submitted_at: tap,
            received_at: tap,
            effective_at: tap,
            local_date: tap.slice(0, 10),
            local_hour: 9,
            suspect: 1,
            suspect_reason: r % 2 ? "interval" : "burst",
            content_hash: crypto.randomUUID(),
          })
          .execute();
      }
    });
  } finally {
    await database.close();
  }
}

describe("the list pages' weight at national size", () => {
  let database: TestDatabase;
  let server: RunningServer;
  let cookie: string;

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url, SEED_DEMO: "no", NODE_ENV: "production" });
    await seed(database.url);
    cookie = await signIn(server.url, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie, "accept-encoding": "identity" } });

  it("keeps every list's largest page, full, under 200 KB", async () => {
    const pages: [path: string, rows: number][] = [
      ["/admin/units?size=200", 200],
      ["/admin/desks?size=200", 200],
      ["/admin/devices?size=100", 100],
      ["/admin/users?size=200", 200],
      ["/admin/users?role=manager&size=200", 200],
      ["/admin/officers?size=200", 200],
      ["/admin/audit?size=100", 100],
      ["/admin/suspects?size=100", 100],
    ];
    const weights: string[] = [];
    for (const [path, rows] of pages) {
      const res = await get(path);
      const html = await res.text();
      expect(res.status, path).toBe(200);
      // A full page: its rows are all there (plus the header row).
      expect((html.match(/<tr[ >]/g) ?? []).length, path).toBeGreaterThan(rows);
      const bytes = Buffer.byteLength(html);
      weights.push(`${path}: ${(bytes / 1024).toFixed(1)} KB`);
      expect(bytes, weights.join("\n")).toBeLessThanOrEqual(BUDGET);
    }
  });

  it("offers an officer's move form no select of every desk: a unit is chosen first (800 desks)", async () => {
    const list = await (await get("/admin/officers?q=CB-0001")).text();
    const id = /href="\/admin\/officers\/(\d+)"/.exec(list)![1];
    const deskOptions = (html: string) => {
      const select = /<select[^>]*name="desk"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1];
      return [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2]);
    };
    const all = await (await get(`/admin/officers/${id}`)).text();
    expect(deskOptions(all)).toEqual([]);
    expect(all).toContain(`class="note">Có quá nhiều quầy để chọn.`);
    // The unit picker, by code: the commune's other desk only (the officer sits at its first).
    const res = await get(`/admin/officers/${id}?unitq=10001`);
    expect(res.status).toBe(200);
    const narrowed = await res.text();
    expect(deskOptions(narrowed)).toEqual(["10001 · Quầy số 2 (10001-Q2)"]);
    expect(narrowed).not.toContain(`class="note">Có quá nhiều quầy để chọn.`);
    expect((await get(`/admin/officers/${id}?unit=abc`)).status).toBe(400);
  });

  it("offers no larger page of the lists whose rows are heavy", async () => {
    for (const path of ["/admin/devices?size=200", "/admin/audit?size=200", "/admin/suspects?size=200"]) {
      expect((await get(path)).status, path).toBe(400);
    }
  });
});
