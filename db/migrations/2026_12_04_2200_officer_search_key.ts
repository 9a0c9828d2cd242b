/**
 * The officers list searched and sorted like the other lists (issue 18, ADR
 * 058): a search key beside the officer's name — name then code, lower-case,
 * without Vietnamese marks, đ as d — filled here for the officers that exist.
 * Frozen once shipped: the fold below is this migration's own copy.
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

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("officers").addColumn("search_key", "text").execute();
  const rows = (await db.selectFrom("officers").select(["id", "code", "name"]).execute()) as {
    id: number;
    code: string;
    name: string;
  }[];
  for (const row of rows) {
    await db
      .updateTable("officers")
      .set({ search_key: fold(row.name, row.code) })
      .where("id", "=", row.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("officers").dropColumn("search_key").execute();
}
