/** POST /api/v1/devices/status against the built server, as a tablet uses it. */
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { databaseFactories } from "../helpers/databases";
import { type NewDevice, newDevice } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

describe.each(databaseFactories())("POST /api/v1/devices/status on $dialect", (factory) => {
  const run = useServer(factory);
  let device: NewDevice;
  beforeAll(async () => {
    device = await newDevice(run.database.url, "99101-MC");
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${run.server.url}/api/v1/devices/status`, {
      method: "POST",
      headers: { authorization: `Bearer ${device.token}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  async function stored() {
    const handle = openDatabase(run.database.url);
    try {
      return await handle.db
        .selectFrom("devices")
        .select(["status_at", "last_seen_at", "pending_count", "oldest_pending_at", "app_version", "held_count"])
        .where("id", "=", device.deviceId)
        .executeTakeFirstOrThrow();
    } finally {
      await handle.close();
    }
  }

  it("records what waits on the tablet, timed by the server", async () => {
    const before = Date.now();
    const res = await post({ pending: 4, oldestPendingAgeSeconds: 3600, appVersion: "0.1.0+x1", heldCount: 0 });
    expect(res.status).toBe(200);
    const { receivedAt } = (await res.json()) as { receivedAt: string };
    expect(Date.parse(receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    const row = await stored();
    expect(row).toMatchObject({ pending_count: 4, app_version: "0.1.0+x1", held_count: 0, status_at: receivedAt });
    expect(row.last_seen_at).toBe(receivedAt);
    expect(Date.parse(row.oldest_pending_at!)).toBe(Date.parse(receivedAt) - 3_600_000);
  });

  it("answers bad input with a translated 4xx and changes nothing", async () => {
    const before = await stored();
    const bad = await post({ pending: "many", extra: 1 }, { "accept-language": "vi" });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; errors: { field: string; message: string }[] };
    expect(body.error).toBe("Báo cáo trạng thái thiết bị chưa hợp lệ.");
    expect(body.errors.map((e) => e.field).sort()).toEqual(["extra", "pending"]);
    expect((await post("{nope")).status).toBe(400);
    expect((await post("{}", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post({ pending: 1 }, { authorization: "Bearer hl_wrong" })).status).toBe(401);
    const cookieFromElsewhere = await fetch(`${run.server.url}/api/v1/devices/status`, {
      method: "POST",
      headers: {
        // The kiosk's device cookie (its value is the token, base64 JSON), sent by another site's page.
        cookie: `hl_device=${Buffer.from(JSON.stringify(device.token)).toString("base64")}`,
        origin: "https://evil.example",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(cookieFromElsewhere.status).toBe(403);
    expect((await fetch(`${run.server.url}/api/v1/devices/status`)).status).toBe(405);
    expect(await stored()).toEqual(before);
  });
});
