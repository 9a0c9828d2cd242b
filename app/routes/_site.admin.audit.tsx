import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { loadAuditLog } from "~/admin/audit-log.server";
import { AuditTable } from "~/components/admin/audit-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("audit");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadAuditLog);

export default function AuditRoute() {
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t } = useT();
  const next = new URLSearchParams(location.search);
  if (d.nextBefore) next.set("before", String(d.nextBefore));
  return (
    <div className="admin-page">
      <h1>{t("admin:audit.title")}</h1>
      <p>{d.scopeAll ? t("admin:audit.intro_all") : t("admin:audit.intro_scope")}</p>
      <Form method="get" className="admin-form grid filters" aria-label={t("admin:audit.filter")}>
        <div className="field">
          <label htmlFor="audit-entity">{t("admin:audit.entity")}</label>
          <select id="audit-entity" name="entity" defaultValue={d.filter.entity}>
            <option value="">{t("admin:all")}</option>
            {d.entities.map((e) => (
              <option key={e} value={e}>
                {t(`admin:audit.entities.${e}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("admin:audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={d.filter.action}>
            <option value="">{t("admin:all")}</option>
            {d.actions.map((a) => (
              <option key={a} value={a}>
                {t(`admin:audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-username">{t("admin:audit.user")}</label>
          <input id="audit-username" name="username" defaultValue={d.filter.username} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("admin:audit.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={d.filter.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("admin:audit.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={d.filter.to} />
        </div>
        <button type="submit" className="button primary">
          {t("admin:audit.apply_filter")}
        </button>
      </Form>
      <AuditTable entries={d.entries} caption={t("admin:audit.list")} />
      {d.nextBefore ? (
        <p>
          <Link to={`?${next.toString()}`}>{t("admin:audit.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}
