import { describe, expect, it } from "vitest";
import { loadAuditLog } from "~/admin/audit-log.server";
import { renameUnit } from "~/admin/units-write.server";
import { saveProvinceName } from "~/admin/settings.server";
import { startSession } from "~/auth/session.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, staffFor } from "../../helpers/staff";

describe.each(databaseFactories())("the audit log page on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("shows each user the changes in their scope, filterable, newest first", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "20", name: "Tỉnh Lạng Sơn", level: "province" });
    const a = await addUnit(app, admin, { code: "201", name: "Huyện A", level: "district", parent: p.id });
    const b = await addUnit(app, admin, { code: "202", name: "Huyện B", level: "district", parent: p.id });
    await renameUnit(app.db, admin, now, a.id, { name: "Huyện A mới", validFrom: null });
    await renameUnit(app.db, admin, now, b.id, { name: "Huyện B mới", validFrom: null });
    await saveProvinceName(app.db, admin, now, "Tỉnh Lạng Sơn");

    const page = async (userId: number, query = "") => {
      const cookie = (await startSession(app, userId, new Request("http://localhost/"))).split(";")[0];
      return loadAuditLog(app, new Request(`http://localhost/admin/audit${query}`, { headers: { cookie } }));
    };
    const all = await page(admin.user.id);
    expect(all.entries.map((e) => [e.entity, e.action])).toEqual([
      ["setting", "update"],
      ["unit", "rename"],
      ["unit", "rename"],
      ["unit", "create"],
      ["unit", "create"],
      ["unit", "create"],
    ]);
    const manager = await staffFor(app, "manager", "201");
    const scoped = await page(manager.user.id);
    expect(scoped.entries.map((e) => [e.entityId, e.action])).toEqual([
      [String(a.id), "rename"],
      [String(a.id), "create"],
    ]);
    expect(scoped.entries[0].changes).toEqual([{ field: "name", before: "Huyện A", after: "Huyện A mới" }]);
    const filtered = await page(admin.user.id, "?entity=unit&action=rename");
    expect(filtered.entries.map((e) => e.entityId)).toEqual([String(b.id), String(a.id)]);
    const viewer = await staffFor(app, "viewer", "20");
    await expect(page(viewer.user.id)).rejects.toMatchObject({ status: 403 });
  });
});
