/** /admin/systems: the one-stop systems that report dossiers (system administrators). */
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadSystems, systemsAction } from "~/admin/systems.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AdminForm, Notice, Submit, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("systems");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadSystems);

export const action = (args: ActionFunctionArgs) => adminAct(args, systemsAction);

export default function SystemsRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result && "created" in result ? result.created : undefined;
  const { t, lang } = useT();
  const when = (at: string | null) => (at ? formatDateTime(at, lang) : t("admin:systems.never"));
  return (
    <div className="admin-page">
      <h1>{t("admin:systems.title")}</h1>
      <p className="note">{t("admin:systems.intro")}</p>
      <Notice />
      {created ? (
        <section className="panel password-once" aria-labelledby="token-title">
          <h2 id="token-title">{t("admin:systems.created", { name: created.name, id: created.id })}</h2>
          <p>{t("admin:systems.token_once")}</p>
          <p className="big-code">
            <code>{created.token}</code>
          </p>
        </section>
      ) : null}
      {d.systems.length === 0 ? (
        <p>{t("admin:systems.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:systems.list")}
          headers={[
            t("admin:systems.name"),
            t("admin:systems.created_at"),
            t("admin:systems.last_seen"),
            t("admin:systems.state"),
            t("admin:systems.actions"),
          ]}
        >
          {d.systems.map((s) => (
            <tr key={s.id} className={s.revokedAt ? "retired" : undefined}>
              <td>{s.name}</td>
              <td className="nowrap">{formatDateTime(s.createdAt, lang)}</td>
              <td className="nowrap">{when(s.lastSeenAt)}</td>
              <td>
                {s.revokedAt
                  ? t("admin:systems.revoked_at", { at: formatDateTime(s.revokedAt, lang) })
                  : t("admin:systems.active")}
              </td>
              <td>
                {s.revokedAt ? null : (
                  <AdminForm name={`revoke-${s.id}`} intent="revoke">
                    <input type="hidden" name="id" value={s.id} />
                    <Submit primary={false}>
                      <span>{t("admin:systems.revoke")}</span>
                      <span className="visually-hidden"> {s.name}</span>
                    </Submit>
                  </AdminForm>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:systems.create")}</h2>
        <AdminForm name="create" intent="create">
          <TextField name="name" label={t("admin:systems.name")} hint={t("admin:systems.name_hint")} maxLength={100} />
          <Submit>{t("admin:systems.create_submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
