import { describe, expect, it } from "vitest";
import { compiledQuery } from "~db/compiled";
import type { DB } from "~db/connection";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { seedReference } from "../../helpers/fixtures";

describe.each(databaseFactories())("compiledQuery on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  // Two parameters around constants (active = 1, the limit): each call gets its own values.
  const buildFieldsBetween = (db: DB, from: string, to: string) =>
    db
      .selectFrom("procedure_fields")
      .select("code")
      .where("active", "=", 1)
      .where("code", ">=", from)
      .where("code", "<=", to)
      .orderBy("code")
      .limit(50);
  const fieldsBetween = compiledQuery(buildFieldsBetween);

  it("answers as the query built anew does, for each call's values", async () => {
    const app = testApp();
    for (const [from, to] of [
      ["a", "h"],
      ["d", "t"],
      ["x", "z"],
    ] as const) {
      const built = await buildFieldsBetween(app.db, from, to).execute();
      expect(await fieldsBetween(app.db, from, to)).toEqual(built);
    }
    expect((await fieldsBetween(app.db, "d", "t")).length).toBeGreaterThan(0);
  });

  it("runs inside a transaction, where it sees the transaction's own writes", async () => {
    const app = testApp();
    // Only the deliberate error may end the transaction: a failed expectation inside would surface.
    await expect(
      app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("procedure_fields")
          .values({ code: "zz_tam", name_vi: "Tạm", name_en: "Temporary", sort_order: 0 })
          .execute();
        expect(await fieldsBetween(trx, "zz", "zz~")).toEqual([{ code: "zz_tam" }]);
        throw new Error("roll back");
      })
    ).rejects.toThrow(/^roll back$/);
    expect(await fieldsBetween(app.db, "zz", "zz~")).toEqual([]);
  });
});
