import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { createTablet, newPairingCode, revokeTablet } from "~/admin/tablets.server";
import { authenticateDevice, pairWithCode } from "~/devices/devices.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";
import { problemCodes, staffFor, thrownStatus } from "../../helpers/staff";

describe.each(databaseFactories())("tablets on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("creates a tablet at a desk with a one-time code that pairs once and expires after 10 minutes", async () => {
    const app = testApp();
    const { desk } = await createUnitWithDesk(app, { code: "01", name: "Thành phố Hà Nội", level: "province" });
    const admin = await staffFor(app, "admin");
    const first = await createTablet(app.db, app.config.sessionSecret, admin, app.now(), {
      desk: desk.id,
      name: "Máy 2",
    });
    expect(first.code).toMatch(/^\d{6}$/);
    expect(first.device).toMatchObject({ name: "Máy 2", deskCode: desk.code });
    const paired = await pairWithCode(app.db, app.config.sessionSecret, first.code, app.now());
    expect(paired?.deviceId).toBe(first.device.id);
    expect(await authenticateDevice(app.db, paired!.token)).toMatchObject({ ok: true });
    // Used once: a second tablet cannot reuse it.
    expect(await pairWithCode(app.db, app.config.sessionSecret, first.code, app.now())).toBeNull();

    const second = await newPairingCode(app.db, app.config.sessionSecret, admin, app.now(), first.device.id);
    const later = new Date(app.now().getTime() + 10 * 60 * 1000 + 1000);
    expect(await pairWithCode(app.db, app.config.sessionSecret, second.code, later)).toBeNull();
    const actions = (await listAuditEntries(app.db, { entity: "device", entityId: String(first.device.id) })).map(
      (e) => e.action
    );
    expect(actions).toEqual(["pairing_code", "create"]);
  });

  it("revokes at once: the token stops working and no code pairs it again", async () => {
    const app = testApp();
    const { desk, unit } = await createUnitWithDesk(app, { code: "04", name: "Tỉnh Cao Bằng", level: "province" });
    const manager = await staffFor(app, "manager", unit.code);
    const tablet = await createTablet(app.db, app.config.sessionSecret, manager, app.now(), {
      desk: desk.id,
      name: "Máy 3",
    });
    const paired = await pairWithCode(app.db, app.config.sessionSecret, tablet.code, app.now());
    const code = await newPairingCode(app.db, app.config.sessionSecret, manager, app.now(), tablet.device.id);
    await revokeTablet(app.db, manager, app.now(), tablet.device.id);
    expect(await authenticateDevice(app.db, paired!.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await pairWithCode(app.db, app.config.sessionSecret, code.code, app.now())).toBeNull();
    expect(
      await problemCodes(() => newPairingCode(app.db, app.config.sessionSecret, manager, app.now(), tablet.device.id))
    ).toEqual(["device:tablet_revoked"]);
  });

  it("keeps managers to the tablets and desks of their subtree", async () => {
    const app = testApp();
    const a = await createUnitWithDesk(app, { code: "08", name: "Tỉnh Tuyên Quang", level: "province" });
    const b = await createUnitWithDesk(app, { code: "11", name: "Tỉnh Điện Biên", level: "province" });
    const manager = await staffFor(app, "manager", a.unit.code);
    expect(await thrownStatus(() => revokeTablet(app.db, manager, app.now(), b.device.deviceId))).toBe(404);
    expect(await authenticateDevice(app.db, b.token)).toMatchObject({ ok: true });
    expect(
      await problemCodes(() =>
        createTablet(app.db, app.config.sessionSecret, manager, app.now(), { desk: b.desk.id, name: "X" })
      )
    ).toEqual(["desk:desk_not_found"]);
  });
});
