import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadMail, mailAction } from "~/alerts/pages.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AdminForm, Notice, RadioGroup, Submit } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("mail");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadMail);

export const action = (args: ActionFunctionArgs) => adminAct(args, mailAction);

export default function MailRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:mail.title")}</h1>
      <Notice />
      <p className="note">{d.smtp ? t("admin:mail.smtp_on") : t("admin:mail.smtp_off")}</p>
      {d.messages.length === 0 ? (
        <p>{t("admin:mail.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:mail.list")}
          headers={[
            t("admin:mail.to"),
            t("admin:mail.subject"),
            t("admin:mail.status"),
            t("admin:mail.attempts"),
            t("admin:mail.error"),
            t("admin:mail.next_attempt"),
          ]}
        >
          {d.messages.map((m) => (
            <tr key={m.id}>
              <td>
                {m.username} &lt;{m.to}&gt;
              </td>
              <td>{m.subject}</td>
              <td>{t(`admin:mail.statuses.${m.status}`)}</td>
              <td>{m.attempts}</td>
              <td>{m.error}</td>
              <td className="nowrap">{m.nextAttemptAt ? formatDateTime(m.nextAttemptAt, lang) : "—"}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <section className="panel" aria-labelledby="audience-title">
        <h2 id="audience-title">{t("admin:mail.audience")}</h2>
        <AdminForm name="audience" intent="audience">
          <RadioGroup
            name="audience"
            legend={t("admin:mail.audience")}
            options={d.audiences.map((a) => ({ value: a, label: t(`admin:mail.audiences.${a}`) }))}
            defaultValue={d.audience}
          />
          <p className="field-hint">{t("admin:mail.audience_hint")}</p>
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
