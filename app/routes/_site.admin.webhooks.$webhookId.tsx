import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadWebhook, webhookAction } from "~/alerts/pages.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AdminForm, Notice, Submit } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("webhook");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadWebhook, "webhookId");

export const action = (args: ActionFunctionArgs) => adminAct(args, webhookAction, "webhookId");

export default function WebhookRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const test = result && "test" in result ? result.test : undefined;
  const { t, lang } = useT();
  const w = d.webhook;
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/webhooks">{t("admin:webhooks.title")}</Link>
      </p>
      <h1>{w.url}</h1>
      <Notice />
      {test ? (
        <p className={test.ok ? "notice" : "field-error"} role="status">
          {test.ok
            ? t("admin:webhooks.test_ok", { status: test.status })
            : t("admin:webhooks.test_failed", { error: test.error })}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("admin:webhooks.events")}</dt>
        <dd>{w.events.map((e) => t(`admin:webhooks.event_names.${e.replace(/^case\./, "")}`)).join(", ")}</dd>
        <dt>{t("admin:webhooks.state")}</dt>
        <dd>{w.active ? t("admin:webhooks.active") : t("admin:webhooks.inactive")}</dd>
        <dt>{t("admin:webhooks.created_at")}</dt>
        <dd>{formatDateTime(w.createdAt, lang)}</dd>
      </dl>
      {w.active ? (
        <div className="panels">
          <section className="panel" aria-labelledby="test-title">
            <h2 id="test-title">{t("admin:webhooks.test")}</h2>
            <AdminForm name="test" intent="test">
              <p className="field-hint">{t("admin:webhooks.test_hint")}</p>
              <Submit>{t("admin:webhooks.test")}</Submit>
            </AdminForm>
          </section>
          <section className="panel" aria-labelledby="state-title">
            <h2 id="state-title">{t("admin:webhooks.deactivate")}</h2>
            <AdminForm name="state" intent="deactivate">
              <p className="field-hint">{t("admin:webhooks.deactivate_hint")}</p>
              <Submit primary={false}>{t("admin:webhooks.deactivate")}</Submit>
            </AdminForm>
          </section>
        </div>
      ) : null}
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t("admin:webhooks.deliveries")}</h2>
        {d.deliveries.length === 0 ? (
          <p>{t("admin:webhooks.no_deliveries")}</p>
        ) : (
          <AdminTable
            caption={t("admin:webhooks.deliveries_of", { id: w.id })}
            headers={[
              t("admin:webhooks.delivery_id"),
              t("admin:webhooks.events"),
              t("admin:webhooks.delivery_status"),
              t("admin:webhooks.attempts"),
              t("admin:webhooks.next_attempt"),
            ]}
          >
            {d.deliveries.map((del) => (
              <tr key={del.id}>
                <td>
                  <code>{del.id}</code>
                </td>
                <td>{t(`admin:webhooks.event_names.${del.event.replace(/^case\./, "")}`)}</td>
                <td>{t(`admin:webhooks.statuses.${del.status}`)}</td>
                <td>
                  <ul className="plain">
                    {del.attempts.map((a, i) => (
                      <li key={i}>
                        {t("admin:webhooks.attempt", {
                          at: formatDateTime(a.at, lang),
                          result: a.statusCode ?? a.error ?? "",
                          ms: a.durationMs,
                        })}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="nowrap">{del.nextAttemptAt ? formatDateTime(del.nextAttemptAt, lang) : "—"}</td>
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
    </div>
  );
}
