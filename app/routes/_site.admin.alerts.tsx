import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { loadMyAlerts } from "~/alerts/pages.server";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("alerts");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadMyAlerts);

export default function AlertsRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:my_alerts.title")}</h1>
      <p className="note">{t("admin:my_alerts.intro")}</p>
      {d.alerts.length === 0 ? (
        <p>{t("admin:my_alerts.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:my_alerts.list")}
          headers={[t("admin:my_alerts.at"), t("admin:my_alerts.subject"), t("admin:my_alerts.channel")]}
        >
          {d.alerts.map((a) => (
            <tr key={a.id}>
              <td className="nowrap">{formatDateTime(a.at, lang)}</td>
              <td>
                <Link to={`/admin/cases/${a.caseId}`}>{a.subject}</Link>
              </td>
              <td>{t(`admin:my_alerts.channels.${a.status}`)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </div>
  );
}
