/** Renaming a procedure field keeps its former name, so reports on earlier periods name it as it was. */
import { describe, expect, it } from "vitest";
import { listFieldNames } from "~db/repositories/fields";
import { changeField } from "~/admin/fields.server";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { ratesReport } from "~/reports/rates-report.server";
import { resolveScope } from "~/reports/scope.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

describe.each(databaseFactories())("renaming a field on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    await createUnitWithDesk(app, { code: "03", name: "Tỉnh Ba", level: "province" });
  });

  it("keeps the old name as used until yesterday; reports before today name the field as it was", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = new Date("2026-12-04T03:00:00Z"); // 10:00 on 4 December in Viet Nam
    const input = {
      code: "thue",
      nameVi: "Thuế, phí và lệ phí",
      nameEn: "Taxes and fees",
      sortOrder: 2,
      active: 1 as const,
    };
    await changeField(app.db, admin, now, input);
    // Only the order changes the second time: no further former name.
    await changeField(app.db, admin, now, { ...input, sortOrder: 5 });
    expect(await listFieldNames(app.db, ["thue"])).toEqual([
      { fieldCode: "thue", validTo: "2026-12-03", nameVi: "Thuế", nameEn: "Tax" },
    ]);

    const scope = await resolveScope(app.db, { allowed: undefined, unitId: null }, "03");
    const label = async (from: string, to: string) => {
      const r = await ratesReport(app.db, scope, { from, to, by: "field" }, { lang: "vi", targets: DEFAULT_TARGETS });
      return r.groups.find((g) => g.key === "thue")!.label;
    };
    expect(await label("2026-11-01", "2026-11-30")).toBe("Thuế");
    expect(await label("2026-12-04", "2026-12-31")).toBe("Thuế, phí và lệ phí");
    expect(await label("2026-12-01", "2026-12-31")).toBe("Thuế, phí và lệ phí (trước đây: Thuế)");
  });
});
