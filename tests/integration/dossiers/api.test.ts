/**
 * The one-stop system reports dossiers (POST /api/v1/dossiers) and fetches
 * their evaluation links: events in order, reversed and replayed give the
 * same dossiers; wrong tokens, devices and malformed events get clear 4xx
 * answers; a return writes the dossier.returned webhook delivery once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDossierByCode } from "~db/repositories/dossiers";
import { setSetting } from "~db/repositories/settings";
import { createWebhook } from "~/alerts/webhooks.server";
import { loadEvaluation } from "~/phone/evaluation.server";
import { revokeSystem } from "~/dossiers/systems.server";
import { findSystem } from "~db/repositories/systems";
import { databaseFactories } from "../../helpers/databases";
import { type ApiServer, ended, newSystemToken, postEvents, received, startApiServer } from "../../helpers/dossier-api";
import { useTestApp } from "../../helpers/app";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";

const ADMIN = { id: null, username: "[test]" };

describe.each(databaseFactories())("dossier API on $dialect", (factory) => {
  let deviceToken = "";
  let deskCode = "";
  const getApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    const made = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Mẫu", level: "province" });
    deviceToken = made.token;
    deskCode = made.desk.code;
  });
  let server: ApiServer;
  let token = "";
  beforeAll(async () => {
    server = await startApiServer(getApp());
    token = await newSystemToken(getApp());
  });
  afterAll(() => server.close());

  it("records a dossier's events in order, and the same events again as duplicates", async () => {
    const code = "000.00.20.H56-261120-0001";
    const events = [
      received(code, deskCode, "2026-11-20T08:00:00+07:00", "2026-11-25T17:00:00+07:00", {
        fieldCode: "dat_dai",
        officerCode: "CB01",
      }),
      ended("returned", code, "2026-11-24T10:00:00+07:00"),
    ];
    const first = await postEvents(server.url, token, events);
    expect(first.status).toBe(200);
    expect(first.results.map((r) => [r.dossierCode, r.status])).toEqual([
      [code, "created"],
      [code, "updated"],
    ]);
    const again = await postEvents(server.url, token, events);
    expect(again.results.map((r) => r.status)).toEqual(["duplicate", "duplicate"]);
    const dossier = await findDossierByCode(getApp().db, code);
    expect(dossier).toMatchObject({
      fieldCode: "dat_dai",
      officerCode: "CB01",
      receivedAt: "2026-11-20T01:00:00.000Z",
      dueAt: "2026-11-25T10:00:00.000Z",
      endedAt: "2026-11-24T03:00:00.000Z",
      endKind: "returned",
    });
    expect(dossier?.deskId).not.toBeNull();
  });

  it("keeps a return that arrives before its reception and applies it when the reception comes", async () => {
    const code = "000.00.20.h56-261121-0002"; // lower-case: normalised
    const normalised = code.toUpperCase();
    const back = await postEvents(server.url, token, [ended("returned", code, "2026-11-26T09:00:00+07:00")]);
    expect(back.results[0]).toMatchObject({ dossierCode: normalised, status: "created" });
    expect(await findDossierByCode(getApp().db, normalised)).toMatchObject({ receivedAt: null, endKind: null });
    // Not received yet: no link.
    const early = await fetch(`${server.url}/api/v1/dossiers/${normalised}/evaluation-link`, {
      headers: { authorization: `Bearer ${token}`, "accept-language": "en" },
    });
    expect(early.status).toBe(404);
    expect(((await early.json()) as { error: string }).error).toMatch(/not been received/);

    const front = await postEvents(server.url, token, [
      received(code, deskCode, "2026-11-21T08:00:00+07:00", "2026-11-25T17:00:00+07:00"),
    ]);
    expect(front.results[0].status).toBe("updated");
    const dossier = await findDossierByCode(getApp().db, normalised);
    expect(dossier).toMatchObject({ receivedAt: "2026-11-21T01:00:00.000Z", endKind: "returned" });
    const applied = await getApp()
      .db.selectFrom("dossier_events")
      .select("applied")
      .where("dossier_code", "=", normalised)
      .execute();
    expect(applied.map((a) => Number(a.applied))).toEqual([1, 1]);
  });

  it("gives the same dossier whatever the order, and a dossier.returned delivery once", async () => {
    const hook = await createWebhook(getApp().db, ADMIN, getApp().now(), {
      url: "https://zalo.example/hook",
      events: ["dossier.returned"],
    });
    const code = "HS-2026/0003";
    const events = [
      received(code, deskCode, "2026-11-22T08:00:00+07:00", "2026-11-23T17:00:00+07:00"),
      ended("returned", code, "2026-11-24T08:00:00+07:00"),
    ];
    const reversed = await postEvents(server.url, token, [...events].reverse());
    expect(reversed.results.map((r) => r.status)).toEqual(["created", "updated"]);
    await postEvents(server.url, token, [...events, ...events]);
    const deliveries = await getApp()
      .db.selectFrom("webhook_deliveries")
      .selectAll()
      .where("webhook_id", "=", hook.id)
      .execute();
    expect(deliveries).toHaveLength(1);
    const payload = JSON.parse(deliveries[0].payload);
    expect(payload).toMatchObject({
      event: "dossier.returned",
      occurredAt: "2026-11-24T01:00:00.000Z",
      dossier: { code, onTime: false, returnedAt: "2026-11-24T01:00:00.000Z" },
    });
    expect(payload.dossier.evaluationLink.url).toMatch(/\/danh-gia\/[A-Za-z0-9_-]{22}$/);
    expect(payload.dossier.evaluationLink.expiresAt).toBe("2026-12-24T01:00:00.000Z");
  });

  it("answers the evaluation link with its QR code, expiring N days after the return", async () => {
    await setSetting(getApp().db, "evaluation_link_days", "10");
    const code = "000.00.20.H56-261120-0001";
    const res = await fetch(`${server.url}/api/v1/dossiers/${encodeURIComponent(code)}/evaluation-link`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { url: string; expiresAt: string; qrSvg: string };
    const dossier = await findDossierByCode(getApp().db, code);
    expect(body.url).toBe(`${server.url}/danh-gia/${dossier?.evaluationToken}`);
    expect(body.expiresAt).toBe("2026-12-04T03:00:00.000Z");
    expect(body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const open = "HS-OPEN-1";
    await postEvents(server.url, token, [
      received(open, deskCode, "2026-11-25T08:00:00+07:00", "2026-11-30T17:00:00+07:00"),
    ]);
    const openLink = await fetch(`${server.url}/api/v1/dossiers/${open}/evaluation-link`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await openLink.json()) as { expiresAt: unknown }).expiresAt).toBeNull();

    const unknown = await fetch(`${server.url}/api/v1/dossiers/KHONG-CO/evaluation-link`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toBe(
      "Không có hồ sơ này, hoặc hồ sơ chưa được tiếp nhận."
    );
    await setSetting(getApp().db, "evaluation_link_days", "30");
  });

  it("answers 410 for the link of a withdrawn or cancelled dossier, as its page does", async () => {
    const link = (code: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/v1/dossiers/${code}/evaluation-link`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    for (const [code, end] of [
      ["HS-RUT-1", "withdrawn"],
      ["HS-HUY-1", "cancelled"],
    ] as const) {
      await postEvents(server.url, token, [
        received(code, deskCode, "2026-11-20T08:00:00+07:00", "2026-11-30T17:00:00+07:00"),
        ended(end, code, "2026-11-21T08:00:00+07:00"),
      ]);
      const res = await link(code);
      expect(res.status, code).toBe(410);
      expect(await res.json(), code).toEqual({
        error: "Hồ sơ này đã được rút hoặc đã bị hủy nên không còn liên kết đánh giá.",
      });
      const en = await link(code, { "accept-language": "en" });
      expect(((await en.json()) as { error: string }).error).toBe(
        "This dossier was withdrawn or cancelled, so it has no evaluation link."
      );
      // The page the link would have opened answers 410 as well.
      const linkToken = (await findDossierByCode(getApp().db, code))!.evaluationToken;
      const page = await loadEvaluation(getApp(), new Request(`${server.url}/danh-gia/${linkToken}`), linkToken);
      expect(page.status, code).toBe(410);
    }
  });

  it("answers 410 for a link past its days after the return, as its page does", async () => {
    const code = "HS-HET-HAN-1";
    await postEvents(server.url, token, [
      received(code, deskCode, "2026-11-10T08:00:00+07:00", "2026-11-20T17:00:00+07:00"),
      ended("returned", code, "2026-11-12T08:00:00+07:00"),
    ]);
    await setSetting(getApp().db, "evaluation_link_days", "10");
    const link = (headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/v1/dossiers/${code}/evaluation-link`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    const linkToken = (await findDossierByCode(getApp().db, code))!.evaluationToken;
    const page = () => loadEvaluation(getApp(), new Request(`${server.url}/danh-gia/${linkToken}`), linkToken);
    try {
      // The last moment of its days (returned 01:00 UTC on 12/11, ten days): the link is given, the page opens.
      getApp().setNow("2026-11-22T01:00:00Z");
      const last = await link();
      expect(last.status).toBe(200);
      expect(((await last.json()) as { expiresAt: string }).expiresAt).toBe("2026-11-22T01:00:00.000Z");
      expect((await page()).status).toBe(200);

      // A second later neither: the system is told why, in the caller's language.
      getApp().setNow("2026-11-22T01:00:01Z");
      const res = await link();
      expect(res.status).toBe(410);
      expect(await res.json()).toEqual({
        error: "Liên kết đánh giá của hồ sơ này đã hết hạn: đã quá số ngày được đánh giá kể từ khi trả kết quả.",
      });
      expect(((await (await link({ "accept-language": "en" })).json()) as { error: string }).error).toBe(
        "This dossier's evaluation link has expired: the days for rating it after its return have passed."
      );
      expect((await page()).status).toBe(410);
    } finally {
      getApp().setNow("2026-11-26T03:00:00Z");
      await setSetting(getApp().db, "evaluation_link_days", "30");
    }
  });

  it("refuses malformed events one by one, with translated reasons, and stores none of them", async () => {
    const before = await getApp().db.selectFrom("dossier_events").select("id").execute();
    const { status, results } = await postEvents(
      server.url,
      token,
      [
        received("000.00.20.H56-261131-0009", deskCode, "2026-11-20T08:00:00+07:00", "2026-11-25T17:00:00+07:00"),
        received("HS-9", "KHONG-CO-QUAY", "2026-11-20T08:00:00+07:00", "2026-11-25T17:00:00+07:00"),
        received("HS-9", deskCode, "2026-11-20T08:00:00+07:00", "2026-11-19T17:00:00+07:00"),
        received("HS-9", deskCode, "2026-11-20T08:00:00", "2026-11-25T17:00:00+07:00", { fieldCode: "khong_co" }),
        { type: "lost", dossierCode: "HS-9", occurredAt: "2026-11-20T08:00:00+07:00" },
        { ...ended("returned", "HS-9", "2026-11-20T08:00:00+07:00"), extra: 1 },
        "not an event",
      ],
      { "accept-language": "en" }
    );
    expect(status).toBe(200);
    expect(results.map((r) => r.status)).toEqual(Array(7).fill("invalid"));
    expect(results.map((r) => r.errors?.map((e) => e.field))).toEqual([
      ["dossierCode"],
      ["deskCode"],
      ["dueAt"],
      ["occurredAt"],
      ["type"],
      ["extra"],
      [""],
    ]);
    expect(results[1].errors?.[0].message).toBe("Field “deskCode”: There is no desk with code “KHONG-CO-QUAY”.");
    expect(await getApp().db.selectFrom("dossier_events").select("id").execute()).toHaveLength(before.length);

    // The same key with other content: a conflict, the first kept.
    const conflict = await postEvents(server.url, token, [
      received("HS-OPEN-1", deskCode, "2026-11-25T08:00:00+07:00", "2026-12-30T17:00:00+07:00"),
    ]);
    expect(conflict.results[0].status).toBe("invalid");
    expect(conflict.results[0].errors?.[0].message).toMatch(/nội dung khác/);
  });

  it("refuses wrong tokens, device tokens, revoked systems, bad envelopes and media types", async () => {
    const post = (headers: Record<string, string>, body = JSON.stringify({ events: [] })) =>
      fetch(`${server.url}/api/v1/dossiers`, { method: "POST", headers, body });
    const json = { "content-type": "application/json" };
    expect((await post(json)).status).toBe(401);
    expect((await post({ ...json, authorization: `Bearer ${deviceToken}` })).status).toBe(401);
    expect((await post({ ...json, authorization: "Bearer hls_AAAAAAAAAAAAAAAAAAAAAA" })).status).toBe(401);
    const refused = await post({ ...json, authorization: `Bearer ${token}` });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/events/);
    expect((await post({ authorization: `Bearer ${token}`, "content-type": "text/plain" })).status).toBe(415);
    expect((await post({ ...json, authorization: `Bearer ${token}` }, "{")).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, (_, i) => ended("returned", `HS-${i}`, "2026-11-20T08:00:00Z"));
    expect(
      (await post({ ...json, authorization: `Bearer ${token}` }, JSON.stringify({ events: tooMany }))).status
    ).toBe(413);
    const big = JSON.stringify({ events: [{ type: "returned", dossierCode: "x".repeat(1024 * 1024) }] });
    expect((await post({ ...json, authorization: `Bearer ${token}` }, big)).status).toBe(413);
    // A system token opens nothing else: not the ingest API.
    const ingest = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ responses: [] }),
    });
    expect(ingest.status).toBe(401);

    const other = await newSystemToken(getApp(), "Thử thu hồi");
    const system = (
      await getApp().db.selectFrom("systems").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()
    ).id;
    await revokeSystem(getApp().db, ADMIN, getApp().now(), (await findSystem(getApp().db, system))!);
    expect((await post({ ...json, authorization: `Bearer ${other}` })).status).toBe(401);
    const link = await fetch(`${server.url}/api/v1/dossiers/HS-OPEN-1/evaluation-link`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(link.status).toBe(401);
    const audit = await getApp()
      .db.selectFrom("audit_log")
      .select(["action"])
      .where("entity", "=", "system")
      .where("entity_id", "=", String(system))
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["create", "revoke"]);
  });
});
