import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadUsers, usersAction } from "~/admin/users.server";
import { AdminForm, Notice, SelectField, Submit, TextField } from "~/components/admin/form";
import { EmailField } from "~/components/admin/email-field";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { PasswordOnce } from "~/components/admin/password-once";
import { ChoiceFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("users");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadUsers);

export const action = (args: ActionFunctionArgs) => adminAct(args, usersAction);

export default function UsersRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result && "created" in result ? result.created : undefined;
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:users.title")}</h1>
      <Notice />
      {created ? (
        <>
          <p className="notice" role="status">
            {t("admin:users.created", { username: created.username })}{" "}
            <Link to={`/admin/users/${created.id}`}>{t("admin:users.open")}</Link>
          </p>
          {created.password ? <PasswordOnce username={created.username} password={created.password} /> : null}
        </>
      ) : null}
      <ListControls
        id="users"
        label={t("admin:lists.filter_of", { list: t("admin:users.list") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/users"
        searchHint={t("admin:users.search_hint")}
      >
        <ChoiceFilter
          id="users-role"
          name="role"
          label={t("admin:users.role")}
          value={d.role ?? undefined}
          options={d.allRoles.map((r) => ({ value: r, label: t(`admin:roles.${r}`) }))}
        />
        <ChoiceFilter
          id="users-state"
          name="state"
          label={t("admin:users.state")}
          value={d.state ?? undefined}
          options={d.states.map((s) => ({ value: s, label: t(`admin:users.${s}`) }))}
        />
      </ListControls>
      <AdminTable
        caption={t("admin:users.list")}
        headers={[
          t("admin:users.username"),
          t("admin:users.role"),
          t("admin:users.unit"),
          t("admin:users.state"),
          t("admin:users.password_changed_at"),
        ]}
      >
        {d.users.map((u) => (
          <tr key={u.id} className={u.disabled ? "retired" : undefined}>
            <td>
              <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
            </td>
            <td>{t(`admin:roles.${u.role}`)}</td>
            <td>{u.unit ?? t("admin:users.whole_installation")}</td>
            <td>{u.disabled ? t("admin:users.disabled") : t("admin:users.enabled")}</td>
            <td className="nowrap">{formatDateTime(u.passwordChangedAt, lang)}</td>
          </tr>
        ))}
      </AdminTable>
      <Pager view={d.list} />
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:users.create")}</h2>
        <p className="field-hint">{t("admin:users.grant_rule")}</p>
        {d.unitsNarrowed ? <p className="note">{t("admin:lists.units_narrowed")}</p> : null}
        <AdminForm name="create" intent="create" className="admin-form grid">
          <TextField
            name="username"
            label={t("admin:users.username")}
            hint={t("admin:users.username_hint")}
            autoComplete="off"
          />
          <SelectField
            name="role"
            label={t("admin:users.role")}
            options={d.roles.map((r) => ({ value: r, label: t(`admin:roles.${r}`) }))}
            defaultValue="viewer"
          />
          <SelectField
            name="unit"
            label={t("admin:users.unit")}
            hint={t("admin:users.unit_hint")}
            options={d.units}
            empty={t("admin:users.no_unit")}
          />
          <EmailField />
          <TextField
            name="password"
            type="password"
            label={t("admin:users.password")}
            hint={t("admin:users.password_hint", { min: d.minPassword })}
            autoComplete="new-password"
          />
          <Submit>{t("admin:users.create_submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
