/**
 * The public holidays case deadlines skip (/admin/holidays): seeded with
 * Vietnam's 2026–2027 holidays on first start, then kept by system
 * administrators; every change audited.
 */
import { z } from "zod";
import { deleteHoliday, findHoliday, listHolidays, seedHolidaysOnce, upsertHoliday } from "~db/repositories/holidays";
import type { DB } from "~db/connection";
import { ADMIN_ONLY, requireStaff, actorOf } from "~/admin/access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, readForm, runForm } from "~/admin/forms.server";
import { name, requiredDate } from "~/admin/schemas.server";
import type { AppContext } from "~/context";
import { VIETNAM_HOLIDAYS } from "~/domain/working-days";

/** Gives an installation that never had a holiday list Vietnam's; returns whether it did. */
export function seedHolidays(db: DB): Promise<boolean> {
  return seedHolidaysOnce(db, VIETNAM_HOLIDAYS);
}

export async function loadHolidays(app: AppContext, request: Request) {
  await requireStaff(app, request, ADMIN_ONLY);
  return { holidays: await listHolidays(app.db) };
}

const saveSchema = z.object({ date: requiredDate, name });
const deleteSchema = z.object({ date: requiredDate });

export async function holidaysAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  const now = app.now();
  if (intent === "save")
    return runForm(staff.t, "save", values, saveSchema, async (input) => {
      await app.db.transaction().execute(async (trx) => {
        const before = await findHoliday(trx, input.date);
        await upsertHoliday(trx, input);
        await recordAudit(trx, actorOf(staff), now, {
          action: before ? "rename" : "create",
          entity: "holiday",
          entityId: input.date,
          unitId: null,
          before: before ?? null,
          after: input,
        });
      });
      done("/admin/holidays", "holiday_saved");
    });
  if (intent === "delete")
    return runForm(staff.t, "delete", values, deleteSchema, async ({ date }) => {
      await app.db.transaction().execute(async (trx) => {
        const before = await findHoliday(trx, date);
        if (!before) return;
        await deleteHoliday(trx, date);
        await recordAudit(trx, actorOf(staff), now, {
          action: "delete",
          entity: "holiday",
          entityId: date,
          unitId: null,
          before,
        });
      });
      done("/admin/holidays", "holiday_deleted");
    });
  return badIntent(staff.t);
}
