import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { decideSuspects, loadSuspects } from "~/suspects/suspects.server";
import suspectStyles from "~/styles/suspects.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: suspectStyles }];
export const meta = adminMeta("suspects");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.app, request);
  return loadSuspects(context.app, user, request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.app, request);
  const { status, ...body } = await decideSuspects(context.app, user, request);
  return data(body, { status });
}

export default function SuspectsRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, lang } = useT();
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  const query = (changes: Record<string, string>) =>
    `?${new URLSearchParams({ show: d.filter, page: String(d.page), ...changes })}`;
  const actions = (
    <div className="suspect-actions">
      <button type="submit" name="decision" value="accepted" className="button primary">
        {t("admin:suspects.accept")}
      </button>
      <button type="submit" name="decision" value="kept" className="button">
        {t("admin:suspects.keep")}
      </button>
      <Link to={query({ select: "all" })} className="button">
        {t("admin:suspects.select_all")}
      </Link>
    </div>
  );
  return (
    <>
      <h1>{t("admin:suspects.title")}</h1>
      <p>{t("admin:suspects.rule", d.rule)}</p>
      <p className="note">{t("admin:suspects.note")}</p>
      <nav aria-label={t("admin:suspects.filter")} className="suspect-filter">
        {(["pending", "reviewed"] as const).map((f) => (
          <Link key={f} to={`?show=${f}`} aria-current={d.filter === f ? "page" : undefined}>
            {t(`admin:suspects.show_${f}`)}
          </Link>
        ))}
      </nav>
      {result?.message ? (
        <p className="form-success" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {d.items.length === 0 ? (
        <p>{t(`admin:suspects.none_${d.filter}`)}</p>
      ) : (
        <Form method="post" key={`${d.filter}-${d.page}-${d.selectAll}`}>
          {actions}
          <div className="table-scroll">
            <table className="suspects">
              <caption>
                {t("admin:suspects.caption", {
                  shown: formatNumber(d.items.length, lang),
                  total: formatNumber(d.total, lang),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin:suspects.choose")}</th>
                  <th scope="col">{t("admin:suspects.at")}</th>
                  <th scope="col">{t("admin:suspects.desk")}</th>
                  <th scope="col">{t("admin:suspects.rating")}</th>
                  <th scope="col">{t("admin:suspects.why")}</th>
                  <th scope="col">{t("admin:suspects.status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => {
                  const when = formatDateTime(r.at, lang);
                  return (
                    <tr key={r.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="id"
                          value={r.id}
                          defaultChecked={d.selectAll}
                          aria-label={t("admin:suspects.choose_one", { at: when, desk: r.deskName })}
                        />
                      </td>
                      <td>
                        {when}
                        {r.clockCorrected ? <div className="note">{t("admin:suspects.clock_corrected")}</div> : null}
                      </td>
                      <td>
                        {r.deskName}
                        <div className="note">
                          {r.unitName}
                          {r.deviceName ? ` · ${r.deviceName}` : null}
                        </div>
                      </td>
                      <td>
                        {t(`ratings.${r.rating}`)}
                        {r.reasons.length ? (
                          <div className="note">{r.reasons.map((x) => t(`reasons.${x}`)).join("; ")}</div>
                        ) : null}
                        {r.comment ? <div className="suspect-comment">«{r.comment}»</div> : null}
                      </td>
                      <td>{t(`admin:suspects.reason_${r.reason}`)}</td>
                      <td>{r.review ? t(`admin:suspects.review_${r.review}`) : t("admin:suspects.review_none")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {actions}
        </Form>
      )}
      {pages > 1 ? (
        <nav aria-label={t("admin:suspects.pages")} className="suspect-pages">
          {d.page > 1 ? <Link to={query({ page: String(d.page - 1) })}>{t("admin:suspects.previous")}</Link> : null}
          <span>{t("admin:suspects.page_of", { page: d.page, pages })}</span>
          {d.page < pages ? <Link to={query({ page: String(d.page + 1) })}>{t("admin:suspects.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
