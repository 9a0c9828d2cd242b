/**
 * The crash test, short: tablets post while the built server is killed with
 * SIGKILL three times and restarted (`npm run crash` does it 20 times).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { ROLLUP_TABLES } from "~db/repositories/rollups";
import { type CrashReport, runCrashTest, verifyDatabase } from "../../durability/crash-run";
import { databaseFactories } from "../../helpers/databases";

describe.each(databaseFactories())("crash test on $dialect", (factory) => {
  let report: CrashReport | undefined;
  afterAll(async () => {
    await report?.database?.drop();
  });

  it("keeps every acknowledged answer exactly once through 3 kills, with rollups equal to a rebuild", async () => {
    report = await runCrashTest({ factory, kills: 3, seed: 6, keepDatabase: true });
    expect(report.violations).toEqual([]);
    expect(report.kills).toBe(3);
    expect(report.acknowledged).toBeGreaterThan(0);
    // Every answer the tablets sent was acknowledged in the end (they retry until it is).
    expect(report.acknowledged).toBe(report.sent);

    const { ledger, database } = report;
    const handle = openDatabase(database!.url);
    try {
      const rows = await handle.db
        .selectFrom("responses")
        .select(["id", "rating"])
        .where("device_id", "in", ledger.deviceIds)
        .execute();
      const stored = new Set(rows.map((r) => r.id));
      expect(stored.size).toBe(rows.length);
      expect([...ledger.acknowledged].filter((id) => !stored.has(id))).toEqual([]);
      expect(rows.filter((r) => ledger.sent.get(r.id) !== r.rating)).toEqual([]);
      expect(rows).toHaveLength(report.stored);
      // Harassment answers were among them, and each counted one opened its case.
      expect(report.cases).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it("notices a lost answer and rollups that do not match the rows", async () => {
    const { ledger, database } = report!;
    // One without a case (a case keeps its response).
    const lost = [...ledger.acknowledged].find((id) => ledger.sent.get(id) !== "dissatisfied")!;
    const handle = openDatabase(database!.url);
    try {
      // Taken out behind the rollups' back: as if a commit had been acknowledged but not kept.
      await handle.db.deleteFrom("responses").where("id", "=", lost).execute();
    } finally {
      await handle.close();
    }
    const { violations } = await verifyDatabase(database!.url, ledger);
    expect(violations).toEqual([
      `acknowledged but not stored: ${lost}`,
      `stored ${report!.stored - 1} ≠ acknowledged ${ledger.acknowledged.size} + stored unacknowledged 0`,
      ...ROLLUP_TABLES.map((table) => expect.stringMatching(new RegExp(`^${table} differs from a rebuild`))),
    ]);
  });

  it("notices a counted harassment response whose case is missing", async () => {
    const { ledger, database } = report!;
    const handle = openDatabase(database!.url);
    let responseId: string;
    try {
      const c = await handle.db
        .selectFrom("cases")
        .select(["id", "response_id"])
        .where("suspect", "=", 0)
        .orderBy("id")
        .executeTakeFirstOrThrow();
      responseId = c.response_id;
      await handle.db.deleteFrom("case_events").where("case_id", "=", c.id).execute();
      await handle.db.deleteFrom("cases").where("id", "=", c.id).execute();
    } finally {
      await handle.close();
    }
    const { violations } = await verifyDatabase(database!.url, ledger);
    expect(violations).toContain(`counted harassment responses without a case: ${responseId}`);
  });
});
