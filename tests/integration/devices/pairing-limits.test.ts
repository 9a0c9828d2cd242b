/**
 * Guessing pairing codes: each address may fail 10 times in 15 minutes, and
 * all addresses together 30 times, after which pairing pauses for everyone
 * (README «Security»). Counted before the code is checked, so a burst cannot
 * slip past either limit.
 */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { issuePairingCode } from "~/devices/devices.server";
import { pairAction } from "~/devices/pairing.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

const INVALID = "Mã kích hoạt không đúng, đã được sử dụng hoặc đã hết hạn.";
const PAUSED =
  /^Việc kích hoạt máy tính bảng đang tạm dừng vì có quá nhiều lần nhập sai mã\. Vui lòng thử lại sau \d+ phút\.$/;

describe.each(databaseFactories())("pairing limits on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  async function pair(code: string, address: string) {
    const request = new Request("http://localhost/kiosk/pair", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code }),
    });
    try {
      return await pairAction(testApp(), request, address);
    } catch (error) {
      if (error instanceof Response) return { status: error.status, error: null };
      throw error;
    }
  }

  /** A six-digit code that is not `code`. */
  const wrong = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0");

  it("checks at most 10 of 1,000 codes sent at once from one address, and at most 30 from all addresses; then pairing pauses, with an audit entry", async () => {
    const app = testApp();
    const { device } = await createUnitWithDesk(app, { code: "01", name: "Tỉnh A", level: "province" });
    const code = device.pairing.code;

    const burst = await Promise.all(Array.from({ length: 1000 }, (_, i) => pair(wrong(code, i), "10.0.0.1")));
    expect(burst.filter((a) => a.status === 400)).toHaveLength(10);
    expect(burst.filter((a) => a.status === 400).every((a) => a.error === INVALID)).toBe(true);
    expect(burst.filter((a) => a.status === 429)).toHaveLength(990);

    // 300 addresses with 10 guesses each, at once: 20 more are checked, then everyone waits.
    const addresses = Array.from({ length: 300 }, (_, a) => `10.1.${Math.floor(a / 256)}.${a % 256}`);
    const spread = await Promise.all(
      Array.from({ length: 10 }, (_, round) =>
        addresses.map((from, a) => pair(wrong(code, 1000 + round * 300 + a), from))
      ).flat()
    );
    expect(spread.filter((a) => a.status === 400)).toHaveLength(20);
    expect(spread.filter((a) => a.status === 503)).toHaveLength(2980);
    for (const a of spread.filter((a) => a.status === 503)) expect(a.error).toMatch(PAUSED);

    // The right code from a new address is not checked while pairing pauses…
    const paused = await pair(code, "10.2.0.1");
    expect(paused.status).toBe(503);
    expect(paused.error).toMatch(PAUSED);
    // …and the pause was recorded once.
    const entries = await listAuditEntries(app.db, { action: "pairing_paused" });
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ failed_attempts: 30 });
    expect(entries[0]).toMatchObject({ username: "[server]", entity: "device", unitId: null });

    // Fifteen minutes later (the code has expired by then) a new code pairs.
    app.setNow(new Date(app.now().getTime() + 15 * 60 * 1000 + 1));
    const fresh = await issuePairingCode(app.db, app.config.sessionSecret, device.deviceId, app.now());
    expect((await pair(fresh.code, "10.2.0.1")).status).toBe(302);
  });
});
