import { describe, expect, it } from "vitest";
import { countResponses } from "~db/repositories/responses";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import { checkCredentials } from "~/auth/login.server";
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
