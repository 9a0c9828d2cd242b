/** The fleet view's counts, hand-computed from tablets whose last contact and reports are set one by one. */
import { describe, expect, it } from "vitest";
import { listDevices, revokeDevice, touchDevice } from "~db/repositories/devices";
import { fleetSummary } from "~/admin/fleet.server";
import { createDevice } from "~/devices/devices.server";
import { recordStatus } from "~/devices/status.server";
import { DEFAULT_OFFICE_HOURS } from "~/domain/device-status";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

describe.each(databaseFactories())("the fleet view on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("counts online, stale, switched-off and never-activated tablets, by unit and version, and lists those to check", async () => {
    const app = testApp();
    const now = new Date("2026-11-26T03:00:00Z"); // Thursday 10:00 in Hà Nội: office hours
    app.setNow(now);
    const p = await createUnitWithDesk(app, { code: "78", name: "Tỉnh Thử", level: "province" });
    const a = await createUnitWithDesk(app, { code: "78001", name: "Xã A", level: "commune", parentId: p.unit.id });
    const b = await createUnitWithDesk(app, { code: "78002", name: "Xã B", level: "commune", parentId: p.unit.id });
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const extra = async (deskCode: string, name: string) =>
      (await createDevice(app.db, app.config.sessionSecret, { deskCode, name }, now)).deviceId;

    // Province: its fixture tablet online, reporting 2 answers waiting on version 1.2.0.
    await recordStatus(app, p.identity, { pending: 2, oldestPendingAgeSeconds: 60, appVersion: "1.2.0" }, now);
    // Xã A: fixture tablet stale (silent 40 minutes of office hours) on 1.1.0; a second never activated.
    app.setNow(new Date(ago(40)));
    await recordStatus(app, a.identity, { pending: 0, appVersion: "1.1.0" }, new Date(ago(40)));
    app.setNow(now);
    await extra(a.desk.code, "Máy 2");
    // Xã B: fixture tablet online with one refused answer, no version; a second silent for 10 minutes
    // (offline, not yet stale); a third revoked (left out).
    await recordStatus(app, b.identity, { pending: 0, heldCount: 1 }, now);
    const quiet = await extra(b.desk.code, "Máy 2");
    await touchDevice(app.db, quiet, ago(10));
    const gone = await extra(b.desk.code, "Máy 3");
    await touchDevice(app.db, gone, ago(1));
    await revokeDevice(app.db, gone, now.toISOString());

    const summary = fleetSummary(await listDevices(app.db), now, DEFAULT_OFFICE_HOURS);
    expect(summary.totals).toEqual({
      total: 5,
      online: 2,
      stale: 1,
      offline: 1,
      never: 1,
      pending: 1,
      pendingAnswers: 2,
      held: 1,
    });
    // Most stale first, then most refused.
    expect(summary.units.map((u) => [u.unitCode, u.total, u.online, u.stale, u.offline, u.never, u.held])).toEqual([
      ["78001", 2, 0, 1, 0, 1, 0],
      ["78002", 2, 1, 0, 1, 0, 1],
      ["78", 1, 1, 0, 0, 0, 0],
    ]);
    expect(summary.versions).toEqual([
      { version: null, tablets: 3 },
      { version: "1.1.0", tablets: 1 },
      { version: "1.2.0", tablets: 1 },
    ]);
    expect(summary.attention.map((r) => [r.deskId, r.state, r.held])).toEqual([
      [a.desk.id, "stale", 0],
      [b.desk.id, "online", 1],
    ]);
  });
});
