import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { pageLanguage } from "~/i18n/i18n.server";
import { downloadReport } from "~/reports/download.server";

/** The dashboard's XLSX, PDF, CSV and JSON downloads (a resource route). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.app, request);
  return downloadReport(context.app, user, new URL(request.url), await pageLanguage(request));
}
