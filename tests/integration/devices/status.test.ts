/** Device status reports: stored as the server's clock sees them, shown by scope with online/offline/stale. */
import { describe, expect, it } from "vitest";
import { setSetting } from "~db/repositories/settings";
import type { CurrentUser } from "~/auth/session.server";
import { deviceStatuses, recordStatus } from "~/devices/status.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

const user = (role: CurrentUser["role"], unitId: number | null): CurrentUser => ({
  id: 1,
  username: role,
  role,
  unitId,
  sessionId: "s",
});

describe.each(databaseFactories())("device status on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("stores a report with the oldest answer's time on the server's clock, and shows it by scope", async () => {
    const app = testApp();
    const province = await createUnitWithDesk(app, { code: "77", name: "Tỉnh Thử", level: "province" });
    const commune = await createUnitWithDesk(app, {
      code: "77001",
      name: "Xã Thử",
      level: "commune",
      parentId: province.unit.id,
    });
    const now = new Date("2026-11-26T03:00:00Z"); // Thursday 10:00 local
    app.setNow(now);
    const held = [{ id: "x", status: "invalid", errors: [{ field: "rating", message: "Sai" }], item: { id: "x" } }];
    const recorded = await recordStatus(
      app,
      commune.identity,
      { pending: 3, oldestPendingAgeSeconds: 7200, appVersion: "0.1.0+abc", heldCount: 1, held },
      now
    );
    expect(recorded.ok).toBe(true);

    const forManager = await deviceStatuses(app, user("manager", commune.unit.id));
    expect(forManager).toHaveLength(1);
    expect(forManager[0]).toMatchObject({
      deskCode: "77001-MC",
      state: "online",
      pending: 3,
      oldestPendingAt: "2026-11-26T01:00:00.000Z",
      heldCount: 1,
      held,
      appVersion: "0.1.0+abc",
      lastSeenAt: now.toISOString(),
    });
    const forAdmin = await deviceStatuses(app, user("admin", null));
    expect(forAdmin.map((d) => [d.deskCode, d.state])).toEqual([
      ["77-MC", "offline"],
      ["77001-MC", "online"],
    ]);

    // 20 minutes of office hours later, silent: stale.
    app.setNow(new Date("2026-11-26T03:20:00Z"));
    expect((await deviceStatuses(app, user("manager", commune.unit.id)))[0].state).toBe("stale");
    // With Thursday afternoons off (a setting), the same silence at 10:20 is just offline.
    await setSetting(app.db, "office_hours", JSON.stringify({ days: [0, 1, 2, 4], start: "07:30", end: "17:00" }));
    expect((await deviceStatuses(app, user("manager", commune.unit.id)))[0].state).toBe("offline");
  });

  it("refuses a malformed report with field-named problems and stores nothing", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "78", name: "Tỉnh Khác", level: "province" });
    const bad = await recordStatus(app, desk.identity, { pending: -1, surprise: true }, app.now());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.field).sort()).toEqual(["pending", "surprise"]);
    const row = await app.db
      .selectFrom("devices")
      .selectAll()
      .where("id", "=", desk.identity.deviceId)
      .executeTakeFirst();
    expect(row).toMatchObject({ status_at: null, pending_count: 0 });
  });
});
