import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, parseDatabaseUrl } from "~db/connection";
import { LATEST_MIGRATION, migrateToLatest } from "~db/migrate";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";

describe("parseDatabaseUrl", () => {
  it("reads SQLite files and PostgreSQL URLs with a schema", () => {
    expect(parseDatabaseUrl("file:./data/x.sqlite", "/srv")).toEqual({ dialect: "sqlite", file: "/srv/data/x.sqlite" });
    expect(parseDatabaseUrl("postgres://u@h:5432/db?schema=prov_01")).toEqual({
      dialect: "postgres",
      connectionString: "postgres://u@h:5432/db",
      schema: "prov_01",
    });
    expect(() => parseDatabaseUrl("postgres://u@h/db?schema=x;drop")).toThrow();
  });
});

describe.each(databaseFactories())("migrations on $dialect", (factory) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await factory.create();
  });
  afterAll(() => database.drop());

  it("create the schema on an empty database and do nothing the second time", async () => {
    const handle = openDatabase(database.url);
    try {
      const first = await migrateToLatest(handle);
      expect(first.results?.map((r) => [r.migrationName, r.status])).toContainEqual([LATEST_MIGRATION, "Success"]);
      const second = await migrateToLatest(handle);
      expect(second.results).toEqual([]);
      const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
      for (const name of [
        "units",
        "desks",
        "devices",
        "procedure_fields",
        "questionnaires",
        "responses",
        "users",
        "rollup_day",
      ]) {
        expect(tables).toContain(name);
      }
    } finally {
      await handle.close();
    }
  });
});
