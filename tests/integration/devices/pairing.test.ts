import { describe, expect, it } from "vitest";
import { authenticateDevice, issuePairingCode, pairWithCode } from "~/devices/devices.server";
import { sha256Hex } from "~/utils/crypto.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

describe.each(databaseFactories())("device pairing on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("pairs once with a fresh code, issuing a new token that replaces the old one", async () => {
    const app = testApp();
    const { device, token } = await createUnitWithDesk(app, { code: "01", name: "Tỉnh A", level: "province" });
    const paired = await pairWithCode(app.db, app.config.sessionSecret, device.pairing.code, app.now());
    expect(paired?.deviceId).toBe(device.deviceId);
    expect((await authenticateDevice(app.db, paired!.token)).ok).toBe(true);
    expect(await authenticateDevice(app.db, token)).toEqual({ ok: false, reason: "unknown" });
    expect(await pairWithCode(app.db, app.config.sessionSecret, device.pairing.code, app.now())).toBeNull();
  });

  it("refuses an expired code, a malformed code and a revoked device", async () => {
    const app = testApp();
    const { device } = await createUnitWithDesk(app, { code: "02", name: "Tỉnh B", level: "province" });
    const later = new Date(app.now().getTime() + 10 * 60 * 1000 + 1);
    expect(await pairWithCode(app.db, app.config.sessionSecret, device.pairing.code, later)).toBeNull();
    expect(await pairWithCode(app.db, app.config.sessionSecret, "12345", app.now())).toBeNull();
    const fresh = await issuePairingCode(app.db, app.config.sessionSecret, device.deviceId, app.now());
    await app.db
      .updateTable("devices")
      .set({ revoked_at: app.now().toISOString() })
      .where("id", "=", device.deviceId)
      .execute();
    expect(await pairWithCode(app.db, app.config.sessionSecret, fresh.code, app.now())).toBeNull();
  });

  it("says why a token does not authenticate", async () => {
    const app = testApp();
    const { token, device } = await createUnitWithDesk(app, { code: "03", name: "Tỉnh C", level: "province" });
    expect(await authenticateDevice(app.db, null)).toEqual({ ok: false, reason: "missing" });
    expect(await authenticateDevice(app.db, "hl_nope")).toEqual({ ok: false, reason: "unknown" });
    await app.db
      .updateTable("devices")
      .set({ revoked_at: app.now().toISOString() })
      .where("id", "=", device.deviceId)
      .execute();
    expect(await authenticateDevice(app.db, token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("stores a code as an HMAC under the server's secret: not its bare SHA-256, and of no use with another secret", async () => {
    const app = testApp();
    const { device } = await createUnitWithDesk(app, { code: "04", name: "Tỉnh D", level: "province" });
    const code = device.pairing.code;
    const row = await app.db
      .selectFrom("devices")
      .select("pairing_code_hash")
      .where("id", "=", device.deviceId)
      .executeTakeFirstOrThrow();
    // Six digits' SHA-256 falls to a million hashes; the stored value must not be one of them.
    expect(row.pairing_code_hash).not.toBe(sha256Hex(code));
    expect(row.pairing_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await pairWithCode(app.db, "another-secret-another-secret-0123456", code, app.now())).toBeNull();
    expect((await pairWithCode(app.db, app.config.sessionSecret, code, app.now()))?.deviceId).toBe(device.deviceId);
  });
});
