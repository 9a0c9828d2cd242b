import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { adminLoad } from "~/admin/route.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { ChoiceFilter, ListControls, Pager, useListHref } from "~/components/admin/list-controls";
import { useT } from "~/i18n/react";
import { loadSuspects } from "~/admin/suspects.server";
import { decideSuspects } from "~/suspects/suspects.server";
import suspectStyles from "~/styles/suspects.css";

export const links: LinksFunction = () => [...adminLinks(), { rel: "stylesheet", href: suspectStyles }];
export const meta = adminMeta("suspects");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadSuspects);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.app, request);
  const { status, ...body } = await decideSuspects(context.app, user, request);
  return data(body, { status });
}

export default function SuspectsRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const href = useListHref();
  const { t, lang } = useT();
  const actions = (
    <div className="suspect-actions">
      <button type="submit" name="decision" value="accepted" className="button primary">
        {t("admin:suspects.accept")}
      </button>
      <button type="submit" name="decision" value="kept" className="button">
        {t("admin:suspects.keep")}
      </button>
      <Link to={href({ select: "all" })} className="button">
        {t("admin:suspects.select_all")}
      </Link>
    </div>
  );
  return (
    <div className="admin-page">
      <h1>{t("admin:suspects.title")}</h1>
      <p>{t("admin:suspects.rule", d.rule)}</p>
      <p className="note">{t("admin:suspects.note")}</p>
      <nav aria-label={t("admin:suspects.filter")} className="suspect-filter">
        {d.shows.map((s) => (
          <Link
            key={s}
            to={href({ show: s === "pending" ? null : s, page: null, select: null })}
            aria-current={d.show === s ? "page" : undefined}
          >
            {t(`admin:suspects.show_${s}`)}
          </Link>
        ))}
      </nav>
      <ListControls
        id="suspects"
        label={t("admin:lists.filter_of", { list: t("admin:suspects.title") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/suspects"
        searchHint={t("admin:suspects.search_hint")}
      >
        {d.show !== "pending" ? <input type="hidden" name="show" value={d.show} /> : null}
        <ChoiceFilter
          id="suspects-reason"
          name="reason"
          label={t("admin:suspects.why")}
          value={d.reason ?? undefined}
          options={d.reasons.map((r) => ({ value: r, label: t(`admin:suspects.reason_${r}`) }))}
        />
      </ListControls>
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
        <p>{t(d.show === "pending" ? "admin:suspects.none_pending" : "admin:suspects.none_filtered")}</p>
      ) : (
        <Form method="post" key={`${location.search}-${d.selectAll}`}>
          {actions}
          <div className="table-scroll">
            <table className="suspects">
              <caption>
                {t("admin:suspects.caption", {
                  shown: formatNumber(d.items.length, lang),
                  total: formatNumber(d.list.total, lang),
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
                        <div className="note">{r.deviceName ? `${r.unitName} · ${r.deviceName}` : r.unitName}</div>
                      </td>
                      <td>
                        {t(`ratings.${r.rating}`)}
                        {r.reasons.length ? (
                          <div className="note">{r.reasons.map((x) => t(`reasons.${x}`)).join("; ")}</div>
                        ) : null}
                        {r.comment ? <div className="suspect-comment">«{r.comment}»</div> : null}
                      </td>
                      <td>{r.reason ? t(`admin:suspects.reason_${r.reason}`) : null}</td>
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
      <Pager view={d.list} />
    </div>
  );
}
