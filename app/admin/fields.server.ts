/**
 * Procedure fields (lĩnh vực): code, Vietnamese and English names, order,
 * active. Installation-wide, so only system administrators change them;
 * managers see the list. A field is never deleted (responses name it); an
 * inactive field is no longer offered on the tablets.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import {
  type ProcedureField,
  findFieldByCode,
  insertField,
  insertFieldNames,
  listFields,
  updateField,
} from "~db/repositories/fields";
import { addDays, localDateOf } from "~/domain/time";
import type { AppContext } from "~/context";
import { ADMIN_ONLY, MANAGERS, type Staff, actorOf, canConfigureInstallation, requireStaff } from "./access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, insertUnique, readForm, reject, runForm } from "./forms.server";
import { flag, name } from "./schemas.server";

export const FIELD_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export async function loadFields(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  return {
    fields: await listFields(app.db),
    canEdit: canConfigureInstallation(staff.user),
  };
}

const sortOrder = z
  .string()
  .trim()
  .transform((v) => (v === "" ? 0 : Number(v)))
  .pipe(z.number().int().min(0).max(9999));

const createSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .refine((v) => FIELD_CODE.test(v), { params: { code: "field_code_format" } }),
  name_vi: name,
  name_en: name,
  sort_order: sortOrder,
});

/** The names and order as the form names them, as a field has them. */
function namesOf<T extends { name_vi: string; name_en: string; sort_order: number }>(input: T) {
  const { name_vi: nameVi, name_en: nameEn, sort_order: sortOrder, ...rest } = input;
  return { ...rest, nameVi, nameEn, sortOrder };
}

const updateSchema = z.object({
  code: z.string().min(1),
  name_vi: name,
  name_en: name,
  sort_order: sortOrder,
  active: flag,
});

/** Audit values of a field, as the form names them. */
function auditValues(f: ProcedureField) {
  return { code: f.code, name_vi: f.nameVi, name_en: f.nameEn, sort_order: f.sortOrder, active: f.active };
}

export type FieldInput = Pick<ProcedureField, "code" | "nameVi" | "nameEn" | "sortOrder">;

export async function createField(db: DB, staff: Staff, now: Date, input: FieldInput) {
  return db.transaction().execute(async (trx) => {
    if (await findFieldByCode(trx, input.code)) reject("code", "duplicate_field_code", { code: input.code });
    const field = await insertUnique(insertField(trx, { ...input, active: 1 }), "code", "duplicate_field_code", {
      code: input.code,
    });
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "field",
      entityId: field.code,
      unitId: null,
      after: auditValues(field),
    });
    return field;
  });
}

export async function changeField(db: DB, staff: Staff, now: Date, input: FieldInput & Pick<ProcedureField, "active">) {
  return db.transaction().execute(async (trx) => {
    const before = await findFieldByCode(trx, input.code);
    if (!before) reject("code", "field_not_found");
    const { code, ...patch } = input;
    const after = await updateField(trx, code, patch);
    // A renamed field keeps its former name for reports on earlier periods (used until yesterday).
    if (after.nameVi !== before.nameVi || after.nameEn !== before.nameEn) {
      await insertFieldNames(trx, [
        {
          fieldCode: code,
          validTo: addDays(localDateOf(now), -1),
          nameVi: before.nameVi,
          nameEn: before.nameEn,
        },
      ]);
    }
    await recordAudit(trx, actorOf(staff), now, {
      action: "update",
      entity: "field",
      entityId: code,
      unitId: null,
      before: auditValues(before),
      after: auditValues(after),
    });
    return after;
  });
}

export async function fieldsAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  switch (intent) {
    case "create":
      return runForm(staff.t, "create", values, createSchema, async (input) => {
        await createField(app.db, staff, app.now(), namesOf(input));
        done("/admin/fields", "field_created");
      });
    case "update":
      return runForm(staff.t, `field-${values.code}`, values, updateSchema, async (input) => {
        await changeField(app.db, staff, app.now(), namesOf(input));
        done("/admin/fields", "field_updated");
      });
    default:
      return badIntent(staff.t);
  }
}
