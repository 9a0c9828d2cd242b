/** Reading rollups back, to compare incremental maintenance with a rebuild. */
import type { DB } from "~db/connection";
import { ROLLUP_TABLES } from "~db/repositories/rollups";
import { ROLLUP_COUNT_COLUMNS } from "~db/schema";

/**
 * Every rollup row of every grain as sorted "key → counts" lines. Rows whose
 * counts are all zero (left behind when responses were taken out again) are
 * dropped: a rebuild never writes them, and they count nothing.
 */
export async function rollupSnapshot(db: DB): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ROLLUP_TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, string | number>[];
    out[table] = rows
      .filter((row) => ROLLUP_COUNT_COLUMNS.some((c) => Number(row[c]) !== 0))
      .map((row) => {
        const key = Object.keys(row)
          .filter((k) => !(ROLLUP_COUNT_COLUMNS as readonly string[]).includes(k))
          .sort()
          .map((k) => `${k}=${row[k]}`)
          .join(",");
        return `${key} → ${ROLLUP_COUNT_COLUMNS.map((c) => Number(row[c])).join(",")}`;
      })
      .sort();
  }
  return out;
}
