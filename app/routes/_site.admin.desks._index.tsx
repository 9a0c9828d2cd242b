import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { desksAction, loadDesks } from "~/admin/desks.server";
import { AdminForm, Notice, SelectField, Submit, TextField } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { ChoiceFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("desks");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadDesks);

export const action = (args: ActionFunctionArgs) => adminAct(args, desksAction);

export default function DesksRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:desks.title")}</h1>
      <Notice />
      <p>{t("admin:desks.intro")}</p>
      <ListControls
        id="desks"
        label={t("admin:lists.filter_of", { list: t("admin:desks.title") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/desks"
        searchHint={t("admin:desks.search_hint")}
      >
        <ChoiceFilter
          id="desks-state"
          name="state"
          label={t("admin:desks.state")}
          value={d.state ?? undefined}
          options={d.states.map((s) => ({ value: s, label: t(`admin:desks.${s}`) }))}
        />
      </ListControls>
      {d.desks.length === 0 ? (
        <p className="empty">{t("admin:desks.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:desks.list", { count: formatNumber(d.list.total, lang) })}
          headers={[
            t("admin:desks.code"),
            t("admin:desks.name"),
            t("admin:desks.unit"),
            t("admin:desks.state"),
            t("admin:desks.tablets"),
          ]}
        >
          {d.desks.map((desk) => (
            <tr key={desk.id} className={desk.active ? undefined : "retired"}>
              <td className="code">{desk.code}</td>
              <td>
                <Link to={`/admin/desks/${desk.id}`}>{desk.name}</Link>
              </td>
              <td>
                <span className="code">{desk.unitCode}</span>
                {` ${desk.unitName}`}
              </td>
              <td>{desk.active ? t("admin:desks.active") : t("admin:desks.inactive")}</td>
              <td>{formatNumber(desk.devices, lang)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <Pager view={d.list} />
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:desks.create")}</h2>
        {d.unitsNarrowed ? <p className="note">{t("admin:lists.units_narrowed")}</p> : null}
        <AdminForm name="create" intent="create" className="admin-form grid">
          <SelectField name="unit" label={t("admin:desks.unit")} options={d.units} empty={t("admin:choose")} />
          <TextField name="code" label={t("admin:desks.code")} hint={t("admin:desks.code_hint")} />
          <TextField name="name" label={t("admin:desks.name")} hint={t("admin:desks.name_hint")} />
          <Submit>{t("admin:desks.create_submit")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
