/**
 * The server's ingest writer thread on SQLite (app/ingest/writer.server.ts):
 * what it changes beyond the ingest suites, which also run through it — a
 * second connection that writes beside the main thread's, its failures, and
 * closing it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { countResponses } from "~db/repositories/responses";
import { ingestResponses } from "~/ingest/ingest.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { sqliteDatabase } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

describe("the ingest writer thread (SQLite)", () => {
  const testApp = useTestApp(sqliteDatabase({ writerThread: true }), seedReference);
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof createUnitWithDesk>>;
  beforeAll(async () => {
    app = testApp();
    desk = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
  });

  it("commits ingest on a connection of its own, not the main thread's", async () => {
    // data_version changes when another connection commits, never for the connection's own commits.
    const dataVersion = () => app.database.sqlite!.pragma("data_version", { simple: true }) as number;
    const before = dataVersion();
    const a = item();
    expect(await ingestResponses(app, desk.identity, [a], app.now())).toEqual([{ id: a.id, status: "created" }]);
    expect(dataVersion()).not.toBe(before);
    const mainThreadWrite = dataVersion();
    await app.db.insertInto("app_settings").values({ key: "writer_test_own", value: "1" }).execute();
    expect(dataVersion()).toBe(mainThreadWrite);
  });

  it("lets the main thread's write transactions, which read before they write, run while it commits", async () => {
    const key = "writer_test_counter";
    // Read, yield (as an admin action does while it hashes or validates), then write:
    // a transaction that began deferred would fail with SQLITE_BUSY once the thread committed meanwhile.
    const bump = () =>
      app.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
        await new Promise((resolve) => setTimeout(resolve, 2));
        const value = String(Number(row?.value ?? 0) + 1);
        await trx
          .insertInto("app_settings")
          .values({ key, value })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
          .execute();
      });
    await ingestResponses(app, desk.identity, [item()], app.now()); // the thread is up
    const before = await countResponses(app.db);
    // Side by side until the ingests are done, so the thread's commits fall inside the main thread's transactions.
    let ingesting = true;
    const ingests = (async () => {
      const outcomes = [];
      try {
        for (let i = 0; i < 40; i++) outcomes.push(...(await ingestResponses(app, desk.identity, [item()], app.now())));
      } finally {
        ingesting = false;
      }
      return outcomes;
    })();
    let bumps = 0;
    const bumping = (async () => {
      while (ingesting) {
        await bump();
        bumps++;
        await new Promise((resolve) => setTimeout(resolve, 3)); // officials' actions come now and then, not back to back
      }
    })();
    const [outcomes] = await Promise.all([ingests, bumping]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(40).fill("created"));
    expect(await countResponses(app.db)).toBe(before + 40);
    const counter = await app.db
      .selectFrom("app_settings")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    expect(counter.value).toBe(String(bumps));
    expect(bumps).toBeGreaterThan(2);
  });

  it("fails only the request whose rows cannot be written, with the database's reason", async () => {
    const before = await countResponses(app.db);
    const good = item();
    // A tablet that does not exist (deleted meanwhile): its rows break the foreign key inside the thread.
    const gone = { ...desk.identity, deviceId: 999_999, lastSeenAt: app.now().toISOString() };
    const [failed, stored] = await Promise.allSettled([
      ingestResponses(app, gone, [item()], app.now()),
      ingestResponses(app, desk.identity, [good], app.now()),
    ]);
    expect(failed.status).toBe("rejected");
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(stored).toEqual({ status: "fulfilled", value: [{ id: good.id, status: "created" }] });
    expect(await countResponses(app.db)).toBe(before + 1);
  });

  it("finishes the jobs already sent when closed, then refuses new ones", async () => {
    const writer = app.ingestWriter!;
    const before = await countResponses(app.db);
    const pending = Array.from({ length: 10 }, () => ingestResponses(app, desk.identity, [item()], app.now()));
    await new Promise((resolve) => setImmediate(resolve)); // the requests have reached the writer, as in-flight ones have at shutdown
    await writer.close();
    const outcomes = (await Promise.all(pending)).flat();
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill("created"));
    expect(await countResponses(app.db)).toBe(before + 10);
    await expect(ingestResponses(app, desk.identity, [item()], app.now())).rejects.toThrow(/closing/);
  });
});
