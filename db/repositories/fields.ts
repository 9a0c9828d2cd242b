import type { Kysely } from "kysely";
import type { Database, NewProcedureField, ProcedureField } from "../schema";

type Db = Kysely<Database>;

export async function listFields(db: Db, options: { activeOnly?: boolean } = {}): Promise<ProcedureField[]> {
  let q = db.selectFrom("procedure_fields").selectAll();
  if (options.activeOnly) q = q.where("active", "=", 1);
  return q.orderBy("sort_order").orderBy("code").execute();
}

export async function fieldCodeExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom("procedure_fields").select("id").where("code", "=", code).executeTakeFirst();
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
