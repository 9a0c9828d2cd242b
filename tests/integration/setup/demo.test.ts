import { describe, expect, it } from "vitest";
import { countResponses } from "~db/repositories/responses";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import { checkCredentials } from "~/auth/login.server";
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
    expect(fields).toHaveLength(14);
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

  it("keeps its past responses in the rollups", async () => {
    const app = testApp();
    const rows = await sumDayRollupsByUnit(app.db, { from: "2000-01-01", to: "2100-01-01" });
    const total = rows.reduce((n, r) => n + r.total + r.suspect, 0);
    expect(total).toBe(await countResponses(app.db));
    expect(total).toBeGreaterThan(100);
  });
});
