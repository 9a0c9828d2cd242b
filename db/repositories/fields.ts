import type { Kysely } from "kysely";
import { compiledQuery } from "../compiled";
import type { Database, Flag, ProcedureFieldNameRow, ProcedureFieldRow } from "../schema";

type Db = Kysely<Database>;

/** A procedure field (lĩnh vực) with its current names. */
export interface ProcedureField {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
  active: Flag;
  sortOrder: number;
}

export type NewProcedureField = Pick<ProcedureField, "code" | "nameVi" | "nameEn" | "sortOrder"> &
  Partial<Pick<ProcedureField, "active">>;

/** A field's former names, used up to and including `validTo`. */
export interface ProcedureFieldName {
  fieldCode: string;
  validTo: string;
  nameVi: string;
  nameEn: string;
}

function toField(r: ProcedureFieldRow): ProcedureField {
  return { id: r.id, code: r.code, nameVi: r.name_vi, nameEn: r.name_en, active: r.active, sortOrder: r.sort_order };
}

function fieldRow(f: NewProcedureField) {
  return { code: f.code, name_vi: f.nameVi, name_en: f.nameEn, sort_order: f.sortOrder, active: f.active };
}

// The kiosk page reads the active fields on every request: compiled once.
const selectActiveFields = compiledQuery((db: Db) =>
  db.selectFrom("procedure_fields").selectAll().where("active", "=", 1).orderBy("sort_order").orderBy("code")
);

export async function listFields(db: Db, options: { activeOnly?: boolean } = {}): Promise<ProcedureField[]> {
  const rows = options.activeOnly
    ? await selectActiveFields(db)
    : await db.selectFrom("procedure_fields").selectAll().orderBy("sort_order").orderBy("code").execute();
  return rows.map(toField);
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
    .values(fields.map(fieldRow))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}

export async function findFieldByCode(db: Db, code: string): Promise<ProcedureField | undefined> {
  const row = await db.selectFrom("procedure_fields").selectAll().where("code", "=", code).executeTakeFirst();
  return row && toField(row);
}

export async function insertField(db: Db, field: NewProcedureField): Promise<ProcedureField> {
  const row = await db.insertInto("procedure_fields").values(fieldRow(field)).returningAll().executeTakeFirstOrThrow();
  return toField(row);
}

export async function updateField(
  db: Db,
  code: string,
  patch: Partial<Pick<ProcedureField, "nameVi" | "nameEn" | "active" | "sortOrder">>
): Promise<ProcedureField> {
  const row = await db
    .updateTable("procedure_fields")
    .set({ name_vi: patch.nameVi, name_en: patch.nameEn, active: patch.active, sort_order: patch.sortOrder })
    .where("code", "=", code)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toField(row);
}

/** Former names of fields (all of them, or those of some codes), oldest first. */
export async function listFieldNames(db: Db, codes?: readonly string[]): Promise<ProcedureFieldName[]> {
  if (codes && codes.length === 0) return [];
  let q = db.selectFrom("procedure_field_names").selectAll();
  if (codes) q = q.where("field_code", "in", codes);
  const rows = await q.orderBy("field_code").orderBy("valid_to").execute();
  return rows.map((r: ProcedureFieldNameRow) => ({
    fieldCode: r.field_code,
    validTo: r.valid_to,
    nameVi: r.name_vi,
    nameEn: r.name_en,
  }));
}

/** Keeps a former name; the same field and last day twice keeps the first. */
export async function insertFieldNames(db: Db, names: ProcedureFieldName[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto("procedure_field_names")
    .values(names.map((n) => ({ field_code: n.fieldCode, valid_to: n.validTo, name_vi: n.nameVi, name_en: n.nameEn })))
    .onConflict((oc) => oc.columns(["field_code", "valid_to"]).doNothing())
    .execute();
}
