/**
 * Multi-row inserts written as SQL text: for hundreds of rows, building and
 * compiling them through the query builder costs more than running them
 * (`npm run bench`). Used on the ingest path (responses, rollups).
 */
import { CompiledQuery, type Kysely, PostgresAdapter } from "kysely";
import type { Database } from "./schema";

/**
 * `insert into "table" ("a", "b") values (…), (…) <tail>` with the dialect's
 * placeholders, one tuple per row (values in `columns` order). Table, column
 * names and `tail` must come from the code, never from input.
 */
export function multiRowInsert(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail: string
): CompiledQuery {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const parameters: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = row.map((value) => {
      parameters.push(value);
      return postgres ? `$${parameters.length}` : "?";
    });
    return `(${marks.join(", ")})`;
  });
  const names = columns.map((c) => `"${c}"`).join(", ");
  return CompiledQuery.raw(`insert into "${table}" (${names}) values ${tuples.join(", ")} ${tail}`, parameters);
}
