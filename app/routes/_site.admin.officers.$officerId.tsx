import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadOfficer, officerAction } from "~/officers/officers.server";
import { AdminTable } from "~/components/admin/admin-table";
import { AuditTable } from "~/components/admin/audit-table";
import { AdminForm, Notice, SelectField, Submit, TextField } from "~/components/admin/form";
import { PinField } from "~/components/admin/pin-field";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { UnitPickerChoices, UnitPickerField } from "~/components/admin/list-controls";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("officer");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadOfficer, "officerId");

export const action = (args: ActionFunctionArgs) => adminAct(args, officerAction, "officerId");

export default function OfficerRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const location = useLocation();
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/officers">{t("admin:officers.title")}</Link>
      </p>
      <h1>
        {d.officer.name} <span className="code">{d.officer.code}</span>
      </h1>
      <Notice />
      <dl className="facts">
        <dt>{t("admin:officers.desk")}</dt>
        <dd>
          <Link to={`/admin/desks/${d.desk.id}`}>{`${d.desk.name} (${d.desk.code})`}</Link>
        </dd>
        <dt>{t("admin:officers.state")}</dt>
        <dd>{d.officer.active ? t("admin:officers.active") : t("admin:officers.inactive")}</dd>
        <dt>{t("admin:officers.pin")}</dt>
        <dd>{d.officer.hasPin ? t("admin:officers.has_pin") : t("admin:officers.no_pin")}</dd>
      </dl>
      <section className="panel" aria-labelledby="rename-title">
        <h2 id="rename-title">{t("admin:officers.rename")}</h2>
        <AdminForm name="rename" intent="rename">
          <TextField name="name" label={t("admin:officers.name")} defaultValue={d.officer.name} />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      {d.officer.active ? (
        <section className="panel" aria-labelledby="move-title">
          <h2 id="move-title">{t("admin:officers.move")}</h2>
          <Form method="get" className="admin-form grid filters" key={location.search}>
            <UnitPickerField id="move" picker={d.picker} />
            <button type="submit" className="button">
              {t("admin:lists.apply")}
            </button>
          </Form>
          <UnitPickerChoices id="move" picker={d.picker} />
          {d.desksNarrowed ? <p className="note">{t("admin:lists.choose_unit_to_add")}</p> : null}
          <AdminForm name="move" intent="move">
            <SelectField
              name="desk"
              label={t("admin:officers.new_desk")}
              options={d.desks.map((desk) => ({ value: desk.id, label: desk.label }))}
              empty={t("admin:choose")}
            />
            <Submit>{t("admin:officers.move_submit")}</Submit>
          </AdminForm>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="pin-title">
        <h2 id="pin-title">{t("admin:officers.set_pin")}</h2>
        <AdminForm name="pin" intent="pin">
          <PinField />
          <Submit>{t("admin:officers.set_pin_submit")}</Submit>
        </AdminForm>
      </section>
      <section className="panel" aria-labelledby="activity-title">
        <h2 id="activity-title">{t("admin:officers.activity")}</h2>
        <AdminForm name="activity" intent={d.officer.active ? "deactivate" : "reactivate"}>
          <Submit primary={false}>
            {d.officer.active ? t("admin:officers.deactivate") : t("admin:officers.reactivate")}
          </Submit>
        </AdminForm>
      </section>
      <section aria-labelledby="assignments-title">
        <h2 id="assignments-title">{t("admin:officers.assignments")}</h2>
        <AdminTable
          caption={t("admin:officers.assignments")}
          headers={[t("admin:officers.desk"), t("admin:officers.from"), t("admin:officers.to")]}
        >
          {d.assignments.map((a) => (
            <tr key={`${a.deskId}-${a.activeFrom}`}>
              <td>{`${a.deskName} (${a.deskCode})`}</td>
              <td>{formatDateTime(a.activeFrom, lang)}</td>
              <td>{a.activeTo ? formatDateTime(a.activeTo, lang) : t("admin:officers.now")}</td>
            </tr>
          ))}
        </AdminTable>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("admin:history")}</h2>
        <AuditTable entries={d.history} caption={t("admin:history_of", { name: d.officer.name })} />
      </section>
    </div>
  );
}
