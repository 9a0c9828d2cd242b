/**
 * GET /api/v1/reports/rates — the rates report as JSON for a signed-in
 * session, in the user's scope (the shape is in docs/api.md). Errors are JSON
 * too, translated by Accept-Language: 401 without a session, 400 for bad
 * input (with each field's problem), 403 for a unit outside the scope.
 */
import { getCurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { translateProblems } from "~/utils/problems";
import { paramsOf, prepareReport } from "./query.server";
import { ratesReport } from "./rates-report.server";
import { ratesReportJson } from "./report-model";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

export async function ratesApi(app: AppContext, request: Request): Promise<Response> {
  const lang = apiLanguage(request.headers.get("accept-language"));
  const t = getT(lang);
  const user = await getCurrentUser(app, request);
  if (!user) return json(401, { error: t("errors:api.session_required") });
  const prepared = await prepareReport(app, user, paramsOf(new URL(request.url).searchParams), { by: "unit" });
  if (!prepared.ok) {
    const key = prepared.status === 403 ? "errors:api.report_forbidden" : "errors:api.bad_report_request";
    return json(prepared.status, { error: t(key), errors: translateProblems(prepared.problems, t) });
  }
  const { query, scope, targets } = prepared;
  const range = { from: query.period.from, to: query.period.to, by: query.by };
  return json(
    200,
    ratesReportJson(await ratesReport(app.db, scope, range, { lang, targets, now: app.now(), channel: query.channel }))
  );
}
