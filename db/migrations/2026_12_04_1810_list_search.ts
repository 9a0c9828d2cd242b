/**
 * Server-side list pages (issue 18, ADR 058): a search key beside the names of
 * units, desks and tablets — lower-case, without Vietnamese marks, đ as d — so
 * a search finds «Xã Xuân Lộc» from «xuan loc» on both dialects; filled here
 * for the rows that exist. And the index the users list filters by. Frozen
 * once shipped: the fold below is this migration's own copy.
 */
import type { Kysely } from "kysely";

function fold(...parts: (string | null)[]): string {
  return parts
    .filter((p): p is string => typeof p === "string" && p !== "")
    .join(" ")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

const TABLES = ["units", "desks", "devices"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn("search_key", "text").execute();
    // The name first, so the key also sorts by name; a tablet has no code of its own.
    const columns = table === "devices" ? ["id", "name"] : ["id", "code", "name"];
    const rows = (await db.selectFrom(table).select(columns).execute()) as {
      id: number;
      name: string;
      code?: string;
    }[];
    for (const row of rows) {
      await db
        .updateTable(table)
        .set({ search_key: fold(row.name, row.code ?? null) })
        .where("id", "=", row.id)
        .execute();
    }
  }
  await db.schema.createIndex("users_unit_idx").on("users").column("unit_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_unit_idx").ifExists().execute();
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn("search_key").execute();
}
