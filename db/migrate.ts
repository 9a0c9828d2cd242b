import { type MigrationResultSet, Migrator } from "kysely";
import { type DatabaseHandle, ensureSchema } from "./connection";
import { migrations } from "./migrations";
import { appliedMigrations, hasMigrationTable } from "./repositories/ops";

export class MigrationError extends Error {}

/** The database has run migrations this code does not know: it was made by a newer HaiLong. */
export class SchemaNewerError extends Error {
  constructor(readonly status: MigrationStatus) {
    super(`The database has migrations this code does not know: ${status.unknown.join(", ")}`);
  }
}

export interface MigrationStatus {
  /** Migrations the database has run. */
  applied: string[];
  /** Known to this code and not yet run. */
  pending: string[];
  /** Run on the database, unknown to this code (a newer version made them). */
  unknown: string[];
  /** The newest (by name) the database has run, or null for a new database. */
  newestApplied: string | null;
}

/** Where the database's schema stands against this code's migrations. */
export async function migrationStatus(handle: DatabaseHandle): Promise<MigrationStatus> {
  const applied = (await hasMigrationTable(handle.db, handle.dialect)) ? await appliedMigrations(handle.db) : [];
  const done = new Set(applied);
  return {
    applied,
    pending: Object.keys(migrations)
      .filter((name) => !done.has(name))
      .sort(),
    unknown: applied.filter((name) => !(name in migrations)).sort(),
    newestApplied: applied.length ? [...applied].sort().at(-1)! : null,
  };
}

/** Bring the database to the latest schema. Safe to call on every start; refuses a database newer than the code. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationResultSet> {
  await ensureSchema(handle);
  const status = await migrationStatus(handle);
  if (status.unknown.length > 0) throw new SchemaNewerError(status);
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Migrations are independent of each other and may land in any order;
    // a database that ran a later-named one first still gets the others.
    allowUnorderedMigrations: true,
    // Kysely looks for its own tables in every schema unless told which one:
    // a new schema beside another migrated one would find the other's and fail.
    ...(handle.location.dialect === "postgres" && handle.location.schema
      ? { migrationTableSchema: handle.location.schema }
      : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new MigrationError(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** The newest migration this code knows; backups and restores compare against it. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1)!;
