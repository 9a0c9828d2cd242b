import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { loadCases } from "~/cases/cases.server";
import { STATUS_FILTERS } from "~/cases/vocabulary";
import { AdminTable } from "~/components/admin/admin-table";
import { UnitPickerChoices, UnitPickerField } from "~/components/admin/list-controls";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { formatDate, formatDateTime, formatNumber } from "~/utils/format";

export const links = adminLinks;
export const meta = adminMeta("cases");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadCases);

export default function CasesRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const f = d.filter;
  const location = useLocation();
  const page = (n: number) => {
    const q = new URLSearchParams({ status: f.status, page: String(n) });
    if (f.unit) q.set("unit", String(f.unit));
    if (f.overdue) q.set("overdue", "1");
    if (f.from) q.set("from", f.from);
    if (f.to) q.set("to", f.to);
    return `?${q}`;
  };
  return (
    <div className="admin-page">
      <h1>{t("admin:cases.title")}</h1>
      <p>{t("admin:cases.intro")}</p>
      <ul className="case-counts" aria-label={t("admin:cases.counts")}>
        {(["new", "verifying", "concluded"] as const).map((s) => (
          <li key={s}>
            <strong>{formatNumber(d.counts[s], lang)}</strong> {t(`admin:cases.status.${s}`)}
          </li>
        ))}
        <li className={d.counts.overdue > 0 ? "overdue" : undefined}>
          <strong>{formatNumber(d.counts.overdue, lang)}</strong> {t("admin:cases.overdue")}
        </li>
      </ul>
      <Form method="get" className="admin-form grid filters" aria-label={t("admin:cases.filter")} key={location.search}>
        <UnitPickerField id="case" picker={d.picker} />
        <div className="field">
          <label htmlFor="case-status">{t("admin:cases.status_label")}</label>
          <select id="case-status" name="status" defaultValue={f.status}>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`admin:cases.show.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="radio">
            <input type="checkbox" name="overdue" value="1" defaultChecked={f.overdue} />
            <span>{t("admin:cases.only_overdue")}</span>
          </label>
        </div>
        <div className="field">
          <label htmlFor="case-from">{t("admin:cases.from")}</label>
          <input id="case-from" name="from" type="date" defaultValue={f.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="case-to">{t("admin:cases.to")}</label>
          <input id="case-to" name="to" type="date" defaultValue={f.to ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("admin:cases.apply_filter")}
        </button>
      </Form>
      <UnitPickerChoices id="case" picker={d.picker} />
      {d.items.length === 0 ? (
        <p className="empty">{t("admin:cases.empty")}</p>
      ) : (
        <AdminTable
          caption={t("admin:cases.list")}
          headers={[
            t("admin:cases.number"),
            t("admin:cases.opened_at"),
            t("admin:cases.unit"),
            t("admin:cases.status_label"),
            t("admin:cases.due_on"),
            t("admin:cases.assignee"),
            t("admin:cases.finding_label"),
          ]}
        >
          {d.items.map((c) => {
            const late = c.status !== "concluded" && c.dueOn < d.today;
            return (
              <tr key={c.id}>
                <td>
                  <Link to={`/admin/cases/${c.id}`}>{t("admin:cases.case_no", { id: c.id })}</Link>
                  {c.suspect ? <div className="note">{t("admin:cases.suspect")}</div> : null}
                </td>
                <td className="nowrap">{formatDateTime(c.openedAt, lang)}</td>
                <td>
                  {c.unitName}
                  <div className="note">{c.deskName}</div>
                </td>
                <td>{t(`admin:cases.status.${c.status}`)}</td>
                <td className={late ? "overdue nowrap" : "nowrap"}>
                  {formatDate(c.dueOn)}
                  {late ? <div>{t("admin:cases.is_overdue")}</div> : null}
                </td>
                <td>{c.assignee ?? t("admin:cases.unassigned")}</td>
                <td>{c.finding ? t(`admin:cases.finding.${c.finding}`) : "—"}</td>
              </tr>
            );
          })}
        </AdminTable>
      )}
      {f.page > 1 || d.more ? (
        <nav aria-label={t("admin:cases.pages")} className="toolbar">
          {f.page > 1 ? <Link to={page(f.page - 1)}>{t("admin:cases.previous")}</Link> : null}
          {d.more ? <Link to={page(f.page + 1)}>{t("admin:cases.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
