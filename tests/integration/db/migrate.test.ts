import { type Kysely, Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, ensureSchema, openDatabase, parseDatabaseUrl } from "~db/connection";
import { LATEST_MIGRATION, migrateToLatest } from "~db/migrate";
import { migrations } from "~db/migrations";
import { insertDesk } from "~db/repositories/desks";
import { insertDevice } from "~db/repositories/devices";
import { insertUnit } from "~db/repositories/units";
import { sha256Hex } from "~/utils/crypto.server";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";

/** Migrates a database as the code stood before one migration: every other one. */
async function migrateAllBut(handle: DatabaseHandle, name: keyof typeof migrations) {
  const { [name]: _, ...before } = migrations;
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => before },
    ...(handle.location.dialect === "postgres" && handle.location.schema
      ? { migrationTableSchema: handle.location.schema }
      : {}),
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
}

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

  it("withdraws the pairing codes stored as a bare SHA-256 before codes became HMACs", async () => {
    const older = await factory.create();
    const handle = openDatabase(older.url);
    try {
      await ensureSchema(handle);
      await migrateAllBut(handle, "2026_11_28_0300_pairing_codes_hmac");
      const at = "2026-11-28T03:00:00.000Z";
      const unit = await insertUnit(handle.db, {
        code: "01",
        name: "Tỉnh A",
        level: "province",
        parentId: null,
        validFrom: null,
        validTo: null,
        createdAt: at,
      });
      const desk = await insertDesk(handle.db, { code: "01-MC", name: "Một cửa", unitId: unit.id, createdAt: at });
      const waiting = await insertDevice(handle.db, {
        deskId: desk.id,
        name: "Chờ kích hoạt",
        tokenHash: sha256Hex("a"),
        createdAt: at,
        pairingCodeHash: sha256Hex("123456"),
        pairingExpiresAt: "2999-01-01T00:00:00.000Z",
      });
      const paired = await insertDevice(handle.db, {
        deskId: desk.id,
        name: "Đã kích hoạt",
        tokenHash: sha256Hex("b"),
        createdAt: at,
        lastSeenAt: at,
      });

      await migrateToLatest(handle);
      const rows = await handle.db
        .selectFrom("devices")
        .select(["id", "token_hash", "pairing_code_hash", "pairing_expires_at", "last_seen_at"])
        .orderBy("id")
        .execute();
      expect(rows).toEqual([
        {
          id: waiting.id,
          token_hash: sha256Hex("a"),
          pairing_code_hash: null,
          pairing_expires_at: null,
          last_seen_at: null,
        },
        {
          id: paired.id,
          token_hash: sha256Hex("b"),
          pairing_code_hash: null,
          pairing_expires_at: null,
          last_seen_at: at,
        },
      ]);
    } finally {
      await handle.close();
      await older.drop();
    }
  });

  it("fills the search key of the officers that exist before officers are searched (issue 18)", async () => {
    const older = await factory.create();
    const handle = openDatabase(older.url);
    try {
      await ensureSchema(handle);
      await migrateAllBut(handle, "2026_12_04_2200_officer_search_key");
      const at = "2026-12-04T03:00:00.000Z";
      const unit = await insertUnit(handle.db, {
        code: "01",
        name: "Tỉnh A",
        level: "province",
        parentId: null,
        validFrom: null,
        validTo: null,
        createdAt: at,
      });
      const desk = await insertDesk(handle.db, { code: "01-MC", name: "Một cửa", unitId: unit.id, createdAt: at });
      // As the officers were stored before the column existed.
      await (handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto("officers")
        .values({ code: "CB-01", name: "Đặng Thị Ánh", desk_id: desk.id, created_at: at })
        .execute();

      await migrateToLatest(handle);
      const rows = await handle.db.selectFrom("officers").select(["code", "search_key"]).execute();
      expect(rows).toEqual([{ code: "CB-01", search_key: "dang thi anh cb-01" }]);
    } finally {
      await handle.close();
      await older.drop();
    }
  });
  it("fills the officer rollup's months from its days already stored (issue 18)", async () => {
    const older = await factory.create();
    const handle = openDatabase(older.url);
    try {
      await ensureSchema(handle);
      await migrateAllBut(handle, "2026_12_05_0100_officer_month_rollup");
      const day = (local_date: string, officer_id: number, total: number, harassment: number) => ({
        local_date,
        officer_id,
        unit_id: 1,
        total,
        very_satisfied: 0,
        satisfied: total - harassment,
        neutral: 0,
        dissatisfied: harassment,
        harassment,
        on_time_yes: 0,
        on_time_answered: 0,
        suspect: 0,
      });
      await handle.db
        .insertInto("rollup_day_officer")
        .values([
          day("2026-10-31", 1, 4, 0),
          day("2026-11-01", 1, 5, 1),
          day("2026-11-30", 1, 7, 0),
          day("2026-11-02", 2, 3, 0),
        ])
        .execute();

      await migrateToLatest(handle);
      const rows = await handle.db
        .selectFrom("rollup_month_officer")
        .select(["month", "officer_id", "total", "harassment"])
        .orderBy("month")
        .orderBy("officer_id")
        .execute();
      expect(rows.map((r) => [r.month, Number(r.officer_id), Number(r.total), Number(r.harassment)])).toEqual([
        ["2026-10", 1, 4, 0],
        ["2026-11", 1, 12, 1],
        ["2026-11", 2, 3, 0],
      ]);
    } finally {
      await handle.close();
      await older.drop();
    }
  });

  it("renames the Tết days seeded with wrong lunar dates, not those an administrator renamed", async () => {
    const older = await factory.create();
    const handle = openDatabase(older.url);
    try {
      await ensureSchema(handle);
      await migrateAllBut(handle, "2026_12_05_0500_tet_holiday_names");
      await handle.db.deleteFrom("holidays").execute();
      await handle.db
        .insertInto("holidays")
        .values([
          { date: "2026-02-16", name: "Tết Nguyên đán (28 tháng Chạp)" },
          { date: "2026-02-17", name: "Tết Nguyên đán (mùng 1)" },
          { date: "2027-02-04", name: "Nghỉ Tết theo quyết định của tỉnh" },
          { date: "2027-02-05", name: "Tết Nguyên đán (30 tháng Chạp)" },
        ])
        .execute();

      await migrateToLatest(handle);
      const rows = await handle.db.selectFrom("holidays").select(["date", "name"]).orderBy("date").execute();
      expect(rows).toEqual([
        { date: "2026-02-16", name: "Tết Nguyên đán (29 tháng Chạp)" },
        { date: "2026-02-17", name: "Tết Nguyên đán (mùng 1)" },
        { date: "2027-02-04", name: "Nghỉ Tết theo quyết định của tỉnh" },
        { date: "2027-02-05", name: "Tết Nguyên đán (29 tháng Chạp)" },
      ]);
    } finally {
      await handle.close();
      await older.drop();
    }
  });
});
