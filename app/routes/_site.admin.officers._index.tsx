import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadOfficers, officersAction } from "~/officers/officers.server";
import { AdminForm, Notice, SelectField, Submit, TextField } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { ChoiceFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { PinField } from "~/components/admin/pin-field";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("officers");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadOfficers);

export const action = (args: ActionFunctionArgs) => adminAct(args, officersAction);

export default function OfficersRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:officers.title")}</h1>
      <Notice />
      <p>{t("admin:officers.intro")}</p>
      <ListControls
        id="officers"
        label={t("admin:lists.filter_of", { list: t("admin:officers.title") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/officers"
        searchHint={t("admin:officers.search_hint")}
      >
        <ChoiceFilter
          id="officers-state"
          name="state"
          label={t("admin:officers.state")}
          value={d.state ?? undefined}
          options={d.states.map((s) => ({ value: s, label: t(`admin:officers.${s}`) }))}
        />
      </ListControls>
      {d.officers.length === 0 ? (
        <p className="empty">{t("admin:officers.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:officers.list", { count: formatNumber(d.list.total, lang) })}
          headers={[
            t("admin:officers.code"),
            t("admin:officers.name"),
            t("admin:officers.desk"),
            t("admin:officers.unit"),
            t("admin:officers.state"),
            t("admin:officers.pin"),
          ]}
        >
          {d.officers.map((o) => (
            <tr key={o.id} className={o.active ? undefined : "retired"}>
              <td className="code">{o.code}</td>
              <td>
                <Link to={`/admin/officers/${o.id}`}>{o.name}</Link>
              </td>
              <td>{o.deskName}</td>
              <td>{`${o.unitCode} · ${o.unitName}`}</td>
              <td>{o.active ? t("admin:officers.active") : t("admin:officers.inactive")}</td>
              <td>{o.hasPin ? t("admin:officers.has_pin") : t("admin:officers.no_pin")}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <Pager view={d.list} />
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:officers.create")}</h2>
        {d.desksNarrowed ? <p className="note">{t("admin:lists.choose_unit_to_add")}</p> : null}
        <AdminForm name="create" intent="create" className="admin-form grid">
          <SelectField
            name="desk"
            label={t("admin:officers.desk")}
            options={d.desks.map((desk) => ({ value: desk.id, label: desk.label }))}
            empty={t("admin:choose")}
          />
          <TextField name="code" label={t("admin:officers.code")} hint={t("admin:officers.code_hint")} />
          <TextField name="name" label={t("admin:officers.name")} />
          <PinField />
          <Submit>{t("admin:officers.create_submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
