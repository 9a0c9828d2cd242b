import { type ActionFunctionArgs, type LoaderFunctionArgs, data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { accountAction, loadAccount } from "~/admin/account.server";
import { AdminForm, Notice, Submit, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("account");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadAccount);

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, body } = await accountAction(context.app, request, context.clientIp);
  return data(body, { status });
}

export default function AccountRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page narrow-page">
      <h1>{t("admin:account.title")}</h1>
      <Notice />
      <p>{t("admin:account.signed_in_as", { username: d.username, role: t(`admin:roles.${d.role}`) })}</p>
      <section className="panel" aria-labelledby="password-title">
        <h2 id="password-title">{t("admin:account.change_password")}</h2>
        <p className="field-hint">{t("admin:account.change_hint")}</p>
        <AdminForm name="password" intent="password">
          <TextField
            name="current"
            type="password"
            label={t("admin:account.current")}
            autoComplete="current-password"
          />
          <TextField
            name="password"
            type="password"
            label={t("admin:account.new")}
            hint={t("admin:users.password_min", { min: d.minPassword })}
            autoComplete="new-password"
          />
          <TextField name="confirm" type="password" label={t("admin:account.confirm")} autoComplete="new-password" />
          <Submit>{t("admin:account.submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
