import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadUnits, unitsAction, type UnitView } from "~/admin/units.server";
import { AdminForm, Notice, SelectField, Submit, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { Validity, unitOption } from "~/components/admin/unit-label";
import { AdminTable } from "~/components/admin/admin-table";
import { ChoiceFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { hasEnded, type TreeNode } from "~/domain/units";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("units");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadUnits);

export const action = (args: ActionFunctionArgs) => adminAct(args, unitsAction);

function UnitNode({ node, depth, today }: { node: TreeNode<UnitView>; depth: number; today: string }) {
  const { t } = useT();
  const u = node.unit;
  const ended = hasEnded(u, today);
  return (
    <li className={ended ? "retired" : undefined}>
      <span className="code">{u.code}</span> <Link to={`/admin/units/${u.id}`}>{u.name}</Link>{" "}
      <span className="tag">{t(`levels.${u.level}`)}</span> <Validity from={u.validFrom} to={u.validTo} />
      {ended ? <span className="tag tag-ended">{t("admin:units.ended")}</span> : null}
      {node.children.length > 0 ? (
        <details open={depth === 0}>
          <summary>{t("admin:units.children", { count: node.children.length })}</summary>
          <ul>
            {node.children.map((c) => (
              <UnitNode key={c.unit.id} node={c} depth={depth + 1} today={today} />
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

export default function UnitsRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const provinceOptions = d.provinces.map((p) => ({ value: p.code, label: `${p.code} · ${p.name}` }));
  const pickProvince = (
    <AdminForm name="province" intent="province" label={t("admin:units.pick_province")}>
      <SelectField
        name="province"
        label={t("admin:units.province")}
        options={provinceOptions}
        empty={t("admin:choose")}
      />
      <Submit>{t("admin:units.create_province")}</Submit>
    </AdminForm>
  );
  return (
    <div className="admin-page">
      <h1>{t("admin:units.title")}</h1>
      <Notice />
      {d.total === 0 && d.canCreateProvince ? (
        <section className="panel first-run">
          <h2>{t("admin:units.pick_province")}</h2>
          <p>{t("admin:units.pick_province_intro")}</p>
          {pickProvince}
        </section>
      ) : null}
      <p className="toolbar">
        <Link to="/admin/units/import" className="button">
          {t("admin:units.import")}
        </Link>
        {d.ended > 0 || d.showEnded ? (
          <Link to={d.showEnded ? "?" : "?ended=1"}>
            {d.showEnded
              ? t("admin:units.hide_ended")
              : t("admin:units.show_ended", { count: formatNumber(d.ended, lang) })}
          </Link>
        ) : null}
      </p>
      <ListControls
        id="units"
        label={t("admin:lists.filter_of", { list: t("admin:units.title") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/units"
        searchHint={t("admin:units.search_hint")}
      >
        <ChoiceFilter
          id="units-level"
          name="level"
          label={t("admin:units.level")}
          value={d.level ?? undefined}
          options={d.levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        />
        {d.showEnded ? <input type="hidden" name="ended" value="1" /> : null}
      </ListControls>
      {!d.asTree ? (
        d.rows.length === 0 ? (
          <p className="empty">{t("admin:units.none")}</p>
        ) : (
          <>
            <AdminTable
              caption={t("admin:units.list_caption", { count: formatNumber(d.list.total, lang) })}
              headers={[
                t("admin:units.code"),
                t("admin:units.name"),
                t("admin:units.level"),
                t("admin:units.parent"),
                t("admin:units.active_desks"),
              ]}
            >
              {d.rows.map((u) => (
                <tr
                  key={u.id}
                  className={hasEnded({ validFrom: u.validFrom, validTo: u.validTo }, d.today) ? "retired" : undefined}
                >
                  <td className="code">{u.code}</td>
                  <td>
                    <Link to={`/admin/units/${u.id}`}>{u.name}</Link> <Validity from={u.validFrom} to={u.validTo} />
                  </td>
                  <td>{t(`levels.${u.level}`)}</td>
                  <td>{u.parentCode ? `${u.parentCode} · ${u.parentName}` : "—"}</td>
                  <td>{formatNumber(u.desks, lang)}</td>
                </tr>
              ))}
            </AdminTable>
            <Pager view={d.list} />
          </>
        )
      ) : d.tree.length === 0 ? (
        <p className="empty">{t("admin:units.none")}</p>
      ) : (
        <section aria-labelledby="tree-title">
          <h2 id="tree-title">{t("admin:units.tree", { count: formatNumber(d.total, lang) })}</h2>
          <ul className="unit-tree">
            {d.tree.map((n) => (
              <UnitNode key={n.unit.id} node={n} depth={0} today={d.today} />
            ))}
          </ul>
        </section>
      )}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:units.create")}</h2>
        <AdminForm name="create" intent="create" className="admin-form grid">
          <SelectField
            name="level"
            label={t("admin:units.level")}
            options={d.levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
            defaultValue="commune"
          />
          <TextField name="code" label={t("admin:units.code")} hint={t("admin:units.code_hint")} inputMode="numeric" />
          <TextField name="name" label={t("admin:units.name")} hint={t("admin:units.name_hint")} />
          <SelectField
            name="parent"
            label={t("admin:units.parent")}
            hint={t("admin:units.parent_hint")}
            options={d.parents.map(unitOption)}
            empty={d.canCreateProvince ? t("admin:units.no_parent") : t("admin:choose")}
          />
          <TextField name="valid_from" type="date" label={t("admin:units.valid_from")} />
          <TextField
            name="valid_to"
            type="date"
            label={t("admin:units.valid_to")}
            hint={t("admin:units.valid_to_hint")}
          />
          <Submit>{t("admin:units.create_submit")}</Submit>
        </AdminForm>
      </section>
      {d.total > 0 && d.provinces.length > 0 ? (
        <details className="panel">
          <summary>{t("admin:units.add_reference_province")}</summary>
          {pickProvince}
        </details>
      ) : null}
    </div>
  );
}
