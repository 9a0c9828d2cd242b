import { type MigrationResultSet, Migrator } from "kysely";
import { type DatabaseHandle, ensureSchema } from "./connection";
import { migrations } from "./migrations";

export class MigrationError extends Error {}

/** Bring the database to the latest schema. Safe to call on every start. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationResultSet> {
  await ensureSchema(handle);
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
