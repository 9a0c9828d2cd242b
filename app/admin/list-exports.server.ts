/** The CSV downloads of the administration's lists (/admin/export/<list>?<the list's filter>). */
import type { AppContext } from "~/context";
import { MANAGERS, notFound, requireStaff } from "./access.server";
import { auditCsv } from "./audit-log.server";
import { suspectsCsv } from "./suspects.server";
import { desksCsv } from "./desks.server";
import { tabletsCsv } from "./tablets.server";
import { unitsCsv } from "./units.server";
import { usersCsv } from "./users.server";

type ListExport = (app: AppContext, request: Request) => Promise<Response>;

const EXPORTS: Record<string, ListExport> = {
  units: unitsCsv,
  desks: desksCsv,
  tablets: tabletsCsv,
  users: usersCsv,
  audit: auditCsv,
  suspects: suspectsCsv,
};

/** `more`: the downloads of lists whose features sit above this module (the officers), given by the route. */
export async function exportList(
  app: AppContext,
  request: Request,
  list: string | undefined,
  more: Record<string, ListExport> = {}
): Promise<Response> {
  // Who may download comes before which lists exist.
  await requireStaff(app, request, MANAGERS);
  const exports = { ...EXPORTS, ...more };
  const handler = list !== undefined && Object.hasOwn(exports, list) ? exports[list] : undefined;
  if (!handler) notFound();
  return handler(app, request);
}
