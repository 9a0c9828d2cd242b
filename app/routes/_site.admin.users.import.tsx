import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadUserImport, userImportAction } from "~/admin/user-import.server";
import { AdminTable } from "~/components/admin/admin-table";
import { BulkImportPage } from "~/components/admin/bulk-import";
import { useSettledActionData } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("users_import");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadUserImport);

export const action = (args: ActionFunctionArgs) => adminAct(args, userImportAction);

/** Data, not wording: a manager and a viewer of a commune of the demo province. */
const EXAMPLE = `username,role,unit_code,email
bacson.quanly,manager,99101,quanly@bacson.example.vn
bacson.theodoi,viewer,99101,`;

export default function UsersImportRoute() {
  const { maxRows } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const { t, lang } = useT();
  const accounts = result && "accounts" in result ? result.accounts : undefined;
  return (
    <BulkImportPage
      kind="users"
      columns={["username", "role", "unit_code", "email"]}
      example={EXAMPLE}
      maxRows={maxRows}
      preview={result && "preview" in result ? result.preview : undefined}
      csv={result && "csv" in result ? result.csv : undefined}
      pasted={result && "pasted" in result ? result.pasted : undefined}
    >
      {accounts ? (
        <section className="panel" aria-labelledby="accounts-title">
          <h2 id="accounts-title">{t("admin:bulk_import.users.created_title")}</h2>
          <p role="status">{t("admin:bulk_import.users.created", { count: formatNumber(accounts.length, lang) })}</p>
          <p className="note">{t("admin:users.password_once")}</p>
          {accounts.length > 0 ? (
            <AdminTable
              caption={t("admin:bulk_import.users.passwords")}
              headers={[t("admin:users.username"), t("admin:users.password")]}
            >
              {accounts.map((a) => (
                <tr key={a.username}>
                  <td>{a.username}</td>
                  <td className="code">{a.password}</td>
                </tr>
              ))}
            </AdminTable>
          ) : null}
        </section>
      ) : null}
    </BulkImportPage>
  );
}
