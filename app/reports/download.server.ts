/**
 * GET /reports/download?format=xlsx|pdf|csv|json&… — the dashboard's downloads,
 * for the signed-in user's scope. Bad input answers a translated 400 in plain
 * text, a unit outside the scope 403; a file is only sent whole.
 */
import { Readable } from "node:stream";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { getT } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import { translateProblems } from "~/utils/problems";
import { attachment, renderReport } from "./export/render.server";
import { paramsOf, prepareReport } from "./query.server";

export async function downloadReport(app: AppContext, user: CurrentUser, url: URL, lang: Language): Promise<Response> {
  const t = getT(lang);
  const params = paramsOf(url.searchParams);
  const prepared = await prepareReport(app, user, params, { by: "unit" });
  const format = prepared.ok ? prepared.query.format : null;
  if (!prepared.ok || !format) {
    const problems = prepared.ok ? [{ field: "format", code: "required" }] : prepared.problems;
    const status = prepared.ok ? 400 : prepared.status;
    const lines = translateProblems(problems, t).map((p) => p.message);
    return new Response(`${t("reports:download_failed")}\n${lines.join("\n")}\n`, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const rendered = await renderReport(app, prepared, format, lang);
  const body = typeof rendered.body === "string" ? rendered.body : (Readable.toWeb(rendered.body) as ReadableStream);
  return new Response(body, {
    headers: {
      "content-type": rendered.contentType,
      "content-disposition": attachment(rendered.fileName),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
