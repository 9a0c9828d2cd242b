import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { deskAction, loadDesk } from "~/admin/desks.server";
import { AuditTable } from "~/components/admin/audit-table";
import { AdminForm, Notice, RadioGroup, Submit, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { TabletTable } from "~/components/admin/tablet-table";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("desk");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadDesk, "deskId");

export const action = (args: ActionFunctionArgs) => adminAct(args, deskAction, "deskId");

export default function DeskRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/desks">{t("admin:desks.title")}</Link>
      </p>
      <h1>
        {d.desk.name} <span className="code">{d.desk.code}</span>
      </h1>
      <Notice />
      <dl className="facts">
        <dt>{t("admin:desks.unit")}</dt>
        <dd>
          <Link to={`/admin/units/${d.unit.id}`}>{`${d.unit.code} · ${d.unit.name}`}</Link>
        </dd>
        <dt>{t("admin:desks.state")}</dt>
        <dd>{d.desk.active ? t("admin:desks.active") : t("admin:desks.inactive")}</dd>
      </dl>
      <section className="panel" aria-labelledby="edit-title">
        <h2 id="edit-title">{t("admin:desks.edit")}</h2>
        <AdminForm name="update" intent="update">
          <TextField name="name" label={t("admin:desks.name")} defaultValue={d.desk.name} />
          <RadioGroup
            name="active"
            legend={t("admin:desks.state")}
            options={[
              { value: "yes", label: t("admin:desks.active") },
              { value: "no", label: t("admin:desks.inactive") },
            ]}
            defaultValue={d.desk.active ? "yes" : "no"}
          />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      <section aria-labelledby="tablets-title">
        <h2 id="tablets-title">{t("admin:tablets.title")}</h2>
        <TabletTable rows={d.tablets} caption={t("admin:tablets.at_desk")} />
        <p>
          <Link to="/admin/devices">{t("admin:tablets.manage")}</Link>
        </p>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("admin:history")}</h2>
        <AuditTable entries={d.history} caption={t("admin:history_of", { name: d.desk.name })} />
      </section>
    </div>
  );
}
