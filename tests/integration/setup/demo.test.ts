import { describe, expect, it } from "vitest";
import { countResponses } from "~db/repositories/responses";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import { checkCredentials } from "~/auth/login.server";
import { ratesReport } from "~/reports/rates-report.server";
import { resolveScope } from "~/reports/scope.server";
import { targetContext, targetsForYear } from "~/reports/targets.server";
import { seedDemo } from "~/setup/demo.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";

describe.each(databaseFactories())("demo seed on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("creates a three-level province with a desk and a tablet everywhere, once", async () => {
    const app = testApp();
    const first = await seedDemo(app.db, app.config.sessionSecret, app.now(), { days: 10 });
    expect(first).toMatchObject({ created: true, units: 12, desks: 12 });
    const levels = await app.db.selectFrom("units").select("level").execute();
    expect(levels.filter((u) => u.level === "province")).toHaveLength(1);
    expect(levels.filter((u) => u.level === "district")).toHaveLength(3);
    expect(levels.filter((u) => u.level === "commune")).toHaveLength(8);
    const fields = await app.db.selectFrom("procedure_fields").select("name_vi").execute();
    expect(fields.map((f) => f.name_vi)).toContain("Đất đai");
    // Named after the ministries as merged in 2025 (Nghị quyết 176/2025/QH15); social protection went to Health.
    expect(fields.map((f) => f.name_vi)).toContain("Môi trường, tài nguyên nước, khoáng sản");
    expect(fields.map((f) => f.name_vi)).toContain("Bảo trợ xã hội, trẻ em");
    expect(fields).toHaveLength(15);
    expect(await checkCredentials(app, "admin", first.admin!.password)).toMatchObject({ role: "admin" });
    // The province's targets for the year its data covers, with the resolution that set them, and its baselines.
    const year = Number(app.now().toISOString().slice(0, 4));
    const context = await targetContext(app.db, `${year}-12-31`);
    expect(context.resolution).toMatch(/^Nghị quyết số .+\/NQ-HĐND/);
    expect(await targetsForYear(app.db, year)).toEqual({
      satisfaction: 0.92,
      harassment: 0.01,
      onTime: 0.97,
      minSample: 30,
    });
    expect(context.baselines).toEqual([
      { year: 2016, satisfaction: 0.83, harassment: 0.017, onTime: null },
      { year: 2019, satisfaction: 0.92, harassment: 0.01, onTime: 0.97 },
    ]);

    const second = await seedDemo(app.db, app.config.sessionSecret, app.now(), { days: 10 });
    expect(second.created).toBe(false);
    expect(await app.db.selectFrom("units").select("id").execute()).toHaveLength(12);
  });

  it("keeps the fields' names from before the 2025 merger of ministries, and reports each period under its own", async () => {
    const app = testApp();
    const scope = await resolveScope(app.db, { allowed: undefined, unitId: null }, "99");
    const labels = async (from: string, to: string) => {
      const report = await ratesReport(
        app.db,
        scope,
        { from, to, by: "field" },
        { lang: "vi", targets: await targetsForYear(app.db, Number(to.slice(0, 4))) }
      );
      return Object.fromEntries(report.groups.map((g) => [g.key, g.label]));
    };
    expect((await labels("2024-01-01", "2024-12-31")).tai_nguyen).toBe("Tài nguyên và Môi trường");
    expect((await labels("2026-01-01", "2026-12-31")).tai_nguyen).toBe("Môi trường, tài nguyên nước, khoáng sản");
    const crossing = await labels("2025-01-01", "2025-06-30");
    expect(crossing.giao_thong).toBe(
      "Đường bộ (giấy phép lái xe, vận tải) (trước đây: Giao thông vận tải (lái xe, vận tải))"
    );
    expect(crossing.dat_dai).toBe("Đất đai");
  });

  it("keeps its past responses in the rollups", async () => {
    const app = testApp();
    const rows = await sumDayRollupsByUnit(app.db, { from: "2000-01-01", to: "2100-01-01" });
    const total = rows.reduce((n, r) => n + r.total + r.suspect, 0);
    expect(total).toBe(await countResponses(app.db));
    expect(total).toBeGreaterThan(100);
  });

  describe("--model two-tier", () => {
    const twoTierApp = useTestApp(factory);

    it("creates the two-tier province of 2026: communes under the province, centres, counters and a reception point", async () => {
      const app = twoTierApp();
      const seeded = await seedDemo(app.db, app.config.sessionSecret, app.now(), { days: 10, model: "two-tier" });
      expect(seeded).toMatchObject({ created: true, units: 7, desks: 9 });
      const units = await app.db.selectFrom("units").selectAll().execute();
      expect(units.filter((u) => u.level === "district")).toEqual([]);
      const province = units.find((u) => u.level === "province")!;
      const communes = units.filter((u) => u.level === "commune");
      expect(communes).toHaveLength(6);
      for (const c of communes) {
        expect(c.parent_id).toBe(province.id);
        expect(c.code).toMatch(/^99\d{3}$/);
        expect(c.valid_from).toBe("2025-07-01");
      }
      const desks = await app.db
        .selectFrom("desks")
        .innerJoin("units", "units.id", "desks.unit_id")
        .select(["desks.code", "desks.name", "units.code as unit"])
        .orderBy("desks.code")
        .execute();
      expect(desks.find((d) => d.code === "99004-TTPVHCC")?.name).toBe(
        "Trung tâm Phục vụ hành chính công phường Bắc Sơn"
      );
      expect(desks.find((d) => d.code === "99-TTPVHCC")?.name).toBe("Trung tâm Phục vụ hành chính công tỉnh An Hòa");
      // One commune centre with two counters, another with a reception point in a former commune.
      expect(desks.filter((d) => d.unit === "99001")).toHaveLength(2);
      expect(desks.filter((d) => d.unit === "99010").map((d) => d.name)).toEqual([
        "Điểm tiếp nhận Bình Minh – Trung tâm Phục vụ hành chính công xã Thanh Bình",
        "Trung tâm Phục vụ hành chính công xã Thanh Bình",
      ]);
      const levels = await app.db.selectFrom("responses").select("unit_level").distinct().execute();
      expect(levels.map((l) => l.unit_level).sort()).toEqual(["commune", "province"]);
    });
  });
});
