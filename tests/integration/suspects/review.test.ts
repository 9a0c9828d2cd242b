/** A manager's review of flagged responses: scope, rollups, audit, nothing deleted. */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { loadAuditLog } from "~/admin/audit-log.server";
import { startSession } from "~/auth/session.server";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import type { CurrentUser } from "~/auth/session.server";
import { computeRates } from "~/domain/rates";
import { ingestResponses } from "~/ingest/ingest.server";
import { applyDecision } from "~/suspects/suspects.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

const manager = (unitId: number): CurrentUser => ({ id: 7, username: "qlxa", role: "manager", unitId, sessionId: "s" });

describe.each(databaseFactories())("reviewing suspect responses on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("counts accepted ones, keeps the rest apart, audits each decision and changes nothing out of scope", async () => {
    const app = testApp();
    const mine = await createUnitWithDesk(app, { code: "66001", name: "Xã Của Tôi", level: "commune" });
    const other = await createUnitWithDesk(app, { code: "66002", name: "Xã Khác", level: "commune" });
    const base = Date.parse("2026-11-26T09:00:00+07:00");
    const burst = (ratings: string[]) =>
      ratings.map((rating, i) => item({ rating, submittedAt: new Date(base + i * 1000).toISOString() }));
    const ours = burst(["very_satisfied", "dissatisfied", "dissatisfied", "neutral"]);
    const theirs = burst(["satisfied", "satisfied"]);
    await ingestResponses(app, mine.identity, ours, app.now());
    await ingestResponses(app, other.identity, theirs, app.now());
    const day = { from: "2026-11-26", to: "2026-11-26" };
    const counts = async (unitId: number) => (await sumDayRollupsByUnit(app.db, { ...day, unitIds: [unitId] }))[0];
    expect(await counts(mine.unit.id)).toMatchObject({ total: 1, verySatisfied: 1, suspect: 3 });

    const scope = [mine.unit.id];
    // Accept one dissatisfied tap; keep the other two excluded; try to touch the other commune's.
    expect(await applyDecision(app, manager(mine.unit.id), [ours[1].id, theirs[1].id], "accepted", scope)).toBe(1);
    expect(await applyDecision(app, manager(mine.unit.id), [ours[2].id, ours[3].id], "kept", scope)).toBe(2);
    expect(await counts(mine.unit.id)).toMatchObject({ total: 2, verySatisfied: 1, dissatisfied: 1, suspect: 2 });
    expect(await counts(other.unit.id)).toMatchObject({ total: 1, suspect: 1 });
    const rates = computeRates({ ...(await counts(mine.unit.id)) });
    expect(rates.satisfaction.rate).toBe(0.5);

    const stored = await app.db
      .selectFrom("responses")
      .selectAll()
      .where("device_id", "=", mine.identity.deviceId)
      .execute();
    expect(stored).toHaveLength(4);
    expect(Object.fromEntries(stored.map((r) => [r.id, [r.suspect, r.suspect_review]]))).toEqual({
      [ours[0].id]: [0, null],
      [ours[1].id]: [0, "accepted"],
      [ours[2].id]: [1, "kept"],
      [ours[3].id]: [1, "kept"],
    });

    // A manager may change their mind; it is audited again.
    expect(await applyDecision(app, manager(mine.unit.id), [ours[1].id], "kept", scope)).toBe(1);
    expect(await counts(mine.unit.id)).toMatchObject({ total: 1, suspect: 3 });
    const audit = await listAuditEntries(app.db, { unitIds: scope });
    expect(audit.map((a) => [a.action, a.entityId, a.username])).toEqual([
      ["suspect.keep", ours[1].id, "qlxa"],
      ["suspect.keep", ours[3].id, "qlxa"],
      ["suspect.keep", ours[2].id, "qlxa"],
      ["suspect.accept", ours[1].id, "qlxa"],
    ]);
    expect(audit[3].before).toEqual({ suspect: 1, review: null, reason: "interval" });
    expect(audit[3].after).toEqual({ suspect: 0, review: "accepted", reason: "interval" });
    expect(await listAuditEntries(app.db, { unitIds: [other.unit.id] })).toEqual([]);

    // The audit log page offers the two decisions as actions and filters by them.
    const admin = await staffFor(app, "admin");
    const cookie = (await startSession(app, admin.user.id, new Request("http://localhost/"))).split(";")[0];
    const log = await loadAuditLog(
      app,
      new Request("http://localhost/admin/audit?action=suspect.accept", { headers: { cookie } })
    );
    expect(log.actions).toEqual(expect.arrayContaining(["suspect.accept", "suspect.keep"]));
    expect(log.entries.map((e) => [e.action, e.entityId])).toEqual([["suspect.accept", ours[1].id]]);
  });

  it("does not treat an unflagged response as reviewable", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "66003", name: "Xã Ba", level: "commune" });
    const one = item({ submittedAt: "2026-11-26T08:00:00+07:00" });
    await ingestResponses(app, desk.identity, [one], app.now());
    expect(await applyDecision(app, manager(desk.unit.id), [one.id], "kept", undefined)).toBe(0);
    const row = await app.db.selectFrom("responses").selectAll().where("id", "=", one.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ suspect: 0, suspect_review: null });
  });
});
