import type { Kysely } from "kysely";
import { compiledQuery } from "../compiled";
import type { Database, NewProcedureField, ProcedureField, ProcedureFieldName } from "../schema";

type Db = Kysely<Database>;

// The kiosk page reads the active fields on every request: compiled once.
const selectActiveFields = compiledQuery((db: Db) =>
  db.selectFrom("procedure_fields").selectAll().where("active", "=", 1).orderBy("sort_order").orderBy("code")
);

export async function listFields(db: Db, options: { activeOnly?: boolean } = {}): Promise<ProcedureField[]> {
  if (options.activeOnly) return selectActiveFields(db);
  return db.selectFrom("procedure_fields").selectAll().orderBy("sort_order").orderBy("code").execute();
}

export async function fieldCodeExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom("procedure_fields").select("id").where("code", "=", code).executeTakeFirst();
  return row !== undefined;
}

export async function hasAnyField(db: Db): Promise<boolean> {
  const row = await db.selectFrom("procedure_fields").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertFields(db: Db, fields: NewProcedureField[]): Promise<void> {
  if (fields.length === 0) return;
  await db
    .insertInto("procedure_fields")
    .values(fields)
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}

export async function findFieldByCode(db: Db, code: string): Promise<ProcedureField | undefined> {
  return db.selectFrom("procedure_fields").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function insertField(db: Db, field: NewProcedureField): Promise<ProcedureField> {
  return db.insertInto("procedure_fields").values(field).returningAll().executeTakeFirstOrThrow();
}

export async function updateField(
  db: Db,
  code: string,
  patch: Partial<Pick<ProcedureField, "name_vi" | "name_en" | "active" | "sort_order">>
): Promise<ProcedureField> {
  return db
    .updateTable("procedure_fields")
    .set(patch)
    .where("code", "=", code)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Former names of fields (all of them, or those of some codes), oldest first. */
export async function listFieldNames(db: Db, codes?: readonly string[]): Promise<ProcedureFieldName[]> {
  if (codes && codes.length === 0) return [];
  let q = db.selectFrom("procedure_field_names").selectAll();
  if (codes) q = q.where("field_code", "in", codes);
  return q.orderBy("field_code").orderBy("valid_to").execute();
}

/** Keeps a former name; the same field and last day twice keeps the first. */
export async function insertFieldNames(db: Db, names: ProcedureFieldName[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto("procedure_field_names")
    .values(names)
    .onConflict((oc) => oc.columns(["field_code", "valid_to"]).doNothing())
    .execute();
}
