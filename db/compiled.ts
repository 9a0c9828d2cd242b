/**
 * Queries compiled once and run with new parameter values. Kysely builds and
 * compiles a query anew on every call, which on the hottest paths (the device
 * lookup of every API request and kiosk page) costs about as much as running
 * it. The SQL depends only on the dialect, so it is kept per dialect.
 *
 * Write a LIMIT as a literal (`sql.lit`), not a bound value: SQLite (built
 * with STAT4, as better-sqlite3 is) re-plans a statement whenever a bound
 * LIMIT is bound again — every run; measured at 4× the cost of the same
 * lookup with `limit 1`.
 */
import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import type { Database } from "./schema";

type Db = Kysely<Database>;

/** Stand-ins for the parameters while compiling; each compiled parameter is one of them or a constant. */
const sentinel = (i: number) => `\u0000param${i}\u0000`;

export function compiledQuery<P extends readonly unknown[], R>(
  build: (db: Db, ...params: P) => Compilable<R>
): (db: Db, ...params: P) => Promise<R[]> {
  const byDialect = new Map<unknown, { sql: string; parameters: readonly unknown[] }>();
  return async (db, ...params) => {
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      compiled = build(db, ...(params.map((_, i) => sentinel(i)) as never)).compile();
      byDialect.set(adapter, compiled);
    }
    const parameters = compiled.parameters.map((p) => {
      const i = typeof p === "string" && p.startsWith("\u0000param") ? Number(p.slice(6, -1)) : -1;
      return i >= 0 ? params[i] : p;
    });
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters as unknown[]));
    return result.rows;
  };
}
