import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadUser, userAction } from "~/admin/users.server";
import { AuditTable } from "~/components/admin/audit-table";
import { AdminForm, Notice, SelectField, Submit } from "~/components/admin/form";
import { EmailField } from "~/components/admin/email-field";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { PasswordOnce } from "~/components/admin/password-once";
import { unitOption } from "~/components/admin/unit-label";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("user");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadUser, "userId");

export const action = (args: ActionFunctionArgs) => adminAct(args, userAction, "userId");

export default function UserRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const password = result && "password" in result ? result.password : undefined;
  const { t, lang } = useT();
  const u = d.user;
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/users">{t("admin:users.title")}</Link>
      </p>
      <h1>{u.username}</h1>
      <Notice />
      {password ? <PasswordOnce username={u.username} password={password} /> : null}
      <dl className="facts">
        <dt>{t("admin:users.role")}</dt>
        <dd>{t(`admin:roles.${u.role}`)}</dd>
        <dt>{t("admin:users.unit")}</dt>
        <dd>{u.unit ? `${u.unit.code} · ${u.unit.name}` : t("admin:users.whole_installation")}</dd>
        <dt>{t("admin:users.state")}</dt>
        <dd>{u.disabled ? t("admin:users.disabled") : t("admin:users.enabled")}</dd>
        <dt>{t("admin:user_email.label")}</dt>
        <dd>{u.email ?? t("admin:user_email.none")}</dd>
        <dt>{t("admin:users.created_at")}</dt>
        <dd>{formatDateTime(u.createdAt, lang)}</dd>
        <dt>{t("admin:users.password_changed_at")}</dt>
        <dd>{formatDateTime(u.passwordChangedAt, lang)}</dd>
      </dl>
      {d.isSelf ? (
        <p className="note">
          {t("admin:users.self_note")} <Link to="/admin/account">{t("admin:account.title")}</Link>
        </p>
      ) : !d.canEdit ? (
        <p className="note">{t("admin:users.not_editable")}</p>
      ) : (
        <div className="panels">
          <section className="panel" aria-labelledby="access-title">
            <h2 id="access-title">{t("admin:users.access")}</h2>
            <AdminForm name="access" intent="access">
              <SelectField
                name="role"
                label={t("admin:users.role")}
                options={d.roles.map((r) => ({ value: r, label: t(`admin:roles.${r}`) }))}
                defaultValue={u.role}
              />
              <SelectField
                name="unit"
                label={t("admin:users.unit")}
                hint={t("admin:users.unit_hint")}
                options={d.units.map(unitOption)}
                defaultValue={u.unitId}
                empty={t("admin:users.no_unit")}
              />
              <Submit>{t("admin:save")}</Submit>
            </AdminForm>
          </section>
          <section className="panel" aria-labelledby="email-title">
            <h2 id="email-title">{t("admin:user_email.title")}</h2>
            <AdminForm name="email" intent="email">
              <EmailField defaultValue={u.email ?? ""} />
              <Submit>{t("admin:user_email.save")}</Submit>
            </AdminForm>
          </section>
          <section className="panel" aria-labelledby="state-title">
            <h2 id="state-title">{t("admin:users.state")}</h2>
            <AdminForm name="state" intent={u.disabled ? "enable" : "disable"}>
              <p className="field-hint">{u.disabled ? t("admin:users.enable_hint") : t("admin:users.disable_hint")}</p>
              <Submit primary={false}>{u.disabled ? t("admin:users.enable") : t("admin:users.disable")}</Submit>
            </AdminForm>
          </section>
          <section className="panel" aria-labelledby="reset-title">
            <h2 id="reset-title">{t("admin:users.reset_password")}</h2>
            <AdminForm name="password" intent="reset_password">
              <p className="field-hint">{t("admin:users.reset_hint")}</p>
              <Submit primary={false}>{t("admin:users.reset_submit")}</Submit>
            </AdminForm>
          </section>
        </div>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("admin:history")}</h2>
        <AuditTable entries={d.history} caption={t("admin:history_of", { name: u.username })} />
      </section>
    </div>
  );
}
