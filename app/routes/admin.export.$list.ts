import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "~/admin/list-exports.server";
import { officersCsv } from "~/officers/officers.server";

/** A list's CSV download with the list page's filter, every page of it (a resource route). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return exportList(context.app, request, params.list, { officers: officersCsv });
}
