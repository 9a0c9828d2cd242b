import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { holidaysAction, loadHolidays } from "~/cases/holidays.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AdminForm, Notice, Submit, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { formatDate } from "~/utils/format";

export const links = adminLinks;
export const meta = adminMeta("holidays");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadHolidays);

export const action = (args: ActionFunctionArgs) => adminAct(args, holidaysAction);

export default function HolidaysRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:holidays.title")}</h1>
      <p>{t("admin:holidays.intro")}</p>
      <Notice />
      <section className="panel" aria-labelledby="holiday-add">
        <h2 id="holiday-add">{t("admin:holidays.add")}</h2>
        <AdminForm name="save" intent="save">
          <TextField name="date" type="date" label={t("admin:holidays.date")} />
          <TextField name="name" label={t("admin:holidays.name")} />
          <Submit>{t("admin:holidays.add_submit")}</Submit>
        </AdminForm>
      </section>
      {d.holidays.length === 0 ? (
        <p className="empty">{t("admin:holidays.empty")}</p>
      ) : (
        <AdminTable
          caption={t("admin:holidays.list")}
          headers={[t("admin:holidays.date"), t("admin:holidays.name"), t("admin:actions")]}
        >
          {d.holidays.map((h) => (
            <tr key={h.date}>
              <td className="nowrap">{formatDate(h.date)}</td>
              <td>{h.name}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="date" value={h.date} />
                  <button
                    type="submit"
                    className="button small danger"
                    aria-label={t("admin:holidays.delete_label", { date: formatDate(h.date) })}
                  >
                    {t("admin:holidays.delete")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </div>
  );
}
