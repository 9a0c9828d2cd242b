/**
 * /admin/systems (system administrators): the one-stop systems that report
 * dossiers — listed with when each was created and last heard from, created
 * (the token shown once) and revoked. Audited (app/dossiers/systems.server.ts).
 */
import { z } from "zod";
import { listSystems } from "~db/repositories/systems";
import { ADMIN_ONLY, actorOf, requireStaff } from "~/admin/access.server";
import { type ActionResult, badIntent, done, readForm, reject, runForm } from "~/admin/forms.server";
import type { AppContext } from "~/context";
import { type CreatedSystem, SYSTEM_NAME_MAX, createSystem, findSystem, revokeSystem } from "~/dossiers/systems.server";

export async function loadSystems(app: AppContext, request: Request) {
  await requireStaff(app, request, ADMIN_ONLY);
  return { systems: await listSystems(app.db) };
}

const createInput = z.object({ name: z.string().trim().min(1).max(SYSTEM_NAME_MAX) });
const revokeInput = z.object({ id: z.coerce.number().int().positive() });

export async function systemsAction(
  app: AppContext,
  request: Request
): Promise<ActionResult<{ created?: CreatedSystem }>> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  switch (intent) {
    case "create":
      return runForm(staff.t, "create", values, createInput, async ({ name }) => ({
        status: 200,
        body: { created: await createSystem(app.db, actorOf(staff), app.now(), name) },
      }));
    case "revoke":
      return runForm(staff.t, `revoke-${values.id ?? ""}`, values, revokeInput, async ({ id }) => {
        const system = await findSystem(app.db, id);
        if (!system) reject("id", "system_not_found", undefined, 404);
        await revokeSystem(app.db, actorOf(staff), app.now(), system);
        done("/admin/systems", "system_revoked");
      });
    default:
      return badIntent(staff.t);
  }
}
