/**
 * A backlog of case events (after downtime, or an installation's first start
 * on old data) is dispatched in batches that let the server answer between
 * them. On SQLite every query runs on the main thread, so a loop of batches
 * that never yields holds every request until the whole backlog is read
 * (seen: 6 s at start on the national bench, and a report aborted as 500).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCursor } from "~db/repositories/alerts";
import { CASE_EVENTS_CURSOR } from "~/alerts/dispatch.server";
import { alertJobs } from "~/alerts/scheduler.server";
import { type TestApp, createTestApp } from "../../helpers/app";
import { addCaseEvent, openTestCase } from "../../helpers/cases";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

const EVENTS = 650;

describe.each(databaseFactories())("a backlog of case events on $dialect", (factory) => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await factory.create();
    app = await createTestApp(database, "2026-12-07T02:00:00Z");
    const { unit, desk } = await createUnitWithDesk(app, { code: "14", name: "Tỉnh Sơn La", level: "province" });
    const at = "2026-12-01T02:00:00.000Z";
    const { caseId } = await openTestCase(app.db, { unitId: unit.id, deskId: desk.id, at, dueOn: "2026-12-15" });
    await app.db.transaction().execute(async (trx) => {
      for (let i = 1; i < EVENTS; i++) await addCaseEvent(trx, caseId, "note", at);
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("lets other work run between its batches, and still reads it all in one turn", async () => {
    const dispatch = alertJobs("https://hailong.example.gov.vn", null, 60_000).find((j) => j.name === "dispatch")!;
    // Work that arrives while the backlog is read (a request, say): where had the dispatch got to when it ran?
    const seenAt = new Promise<number>((resolve) =>
      setImmediate(() => void readCursor(app.db, CASE_EVENTS_CURSOR).then(resolve))
    );
    await dispatch.run(app, app.now());
    expect(await seenAt).toBeLessThan(EVENTS);
    expect(await readCursor(app.db, CASE_EVENTS_CURSOR)).toBe(EVENTS);
  });
});
