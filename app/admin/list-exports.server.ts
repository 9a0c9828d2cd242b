/** The CSV downloads of the administration's lists (/admin/export/<list>?<the list's filter>). */
import type { AppContext } from "~/context";
import { MANAGERS, notFound, requireStaff } from "./access.server";
import { desksCsv } from "./desks.server";
import { tabletsCsv } from "./tablets.server";
import { unitsCsv } from "./units.server";
import { usersCsv } from "./users.server";

const EXPORTS: Record<string, (app: AppContext, request: Request) => Promise<Response>> = {
  units: unitsCsv,
  desks: desksCsv,
  tablets: tabletsCsv,
  users: usersCsv,
};

export async function exportList(app: AppContext, request: Request, list: string | undefined): Promise<Response> {
  // Who may download comes before which lists exist.
  await requireStaff(app, request, MANAGERS);
  const handler = list !== undefined && Object.hasOwn(EXPORTS, list) ? EXPORTS[list] : undefined;
  if (!handler) notFound();
  return handler(app, request);
}
