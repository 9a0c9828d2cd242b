import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadWebhooks, webhooksAction } from "~/alerts/pages.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AdminForm, Notice, Submit, TextField, useFailure } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("webhooks");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadWebhooks);

export const action = (args: ActionFunctionArgs) => adminAct(args, webhooksAction);

export default function WebhooksRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result && "created" in result ? result.created : undefined;
  const failure = useFailure("create");
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:webhooks.title")}</h1>
      <p className="note">{t("admin:webhooks.intro")}</p>
      <Notice />
      {created ? (
        <section className="panel password-once" aria-labelledby="secret-title">
          <h2 id="secret-title">{t("admin:webhooks.created", { id: created.id })}</h2>
          <p>{t("admin:webhooks.secret_once")}</p>
          <p className="big-code">
            <code>{created.secret}</code>
          </p>
        </section>
      ) : null}
      {d.webhooks.length === 0 ? (
        <p>{t("admin:webhooks.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:webhooks.list")}
          headers={[
            t("admin:webhooks.url"),
            t("admin:webhooks.events"),
            t("admin:webhooks.state"),
            t("admin:webhooks.created_at"),
          ]}
        >
          {d.webhooks.map((w) => (
            <tr key={w.id} className={w.active ? undefined : "retired"}>
              <td>
                <Link to={`/admin/webhooks/${w.id}`}>{w.url}</Link>
              </td>
              <td>{w.events.map((e) => t(`admin:webhooks.event_names.${e.replace(/^case\./, "")}`)).join(", ")}</td>
              <td>{w.active ? t("admin:webhooks.active") : t("admin:webhooks.inactive")}</td>
              <td className="nowrap">{formatDateTime(w.createdAt, lang)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:webhooks.create")}</h2>
        <AdminForm name="create" intent="create">
          <TextField name="url" type="url" label={t("admin:webhooks.url")} hint={t("admin:webhooks.url_hint")} />
          <fieldset className="field" aria-describedby={failure?.errors.events ? "events-error" : undefined}>
            <legend>{t("admin:webhooks.events")}</legend>
            {d.events.map((e) => (
              <label key={e} className="radio">
                <input
                  type="checkbox"
                  name={`ev_${e.replace(/^case\./, "")}`}
                  defaultChecked={
                    failure ? failure.values[`ev_${e.replace(/^case\./, "")}`] === "on" : e.startsWith("case.")
                  }
                />
                <span>
                  {t(`admin:webhooks.event_names.${e.replace(/^case\./, "")}`)} (<code>{e}</code>)
                </span>
              </label>
            ))}
            {failure?.errors.events ? (
              <p className="field-error" id="events-error" role="alert">
                {failure.errors.events}
              </p>
            ) : (
              <p className="field-hint">{t("admin:webhooks.events_hint")}</p>
            )}
          </fieldset>
          <Submit>{t("admin:webhooks.create_submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
