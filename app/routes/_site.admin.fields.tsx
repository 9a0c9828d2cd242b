import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { fieldsAction, loadFields } from "~/admin/fields.server";
import { AdminForm, Notice, RadioGroup, Submit, TextField, useFailure } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import type { ProcedureField } from "~db/repositories/fields";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("fields");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadFields);

export const action = (args: ActionFunctionArgs) => adminAct(args, fieldsAction);

function EditField({ field }: { field: ProcedureField }) {
  const { t } = useT();
  const name = `field-${field.code}`;
  const failure = useFailure(name);
  return (
    <details open={failure !== null}>
      <summary>{t("admin:edit")}</summary>
      <AdminForm name={name} intent="update" label={t("admin:fields.edit_label", { code: field.code })}>
        <input type="hidden" name="code" value={field.code} />
        <TextField name="name_vi" label={t("admin:fields.name_vi")} defaultValue={field.nameVi} />
        <TextField name="name_en" label={t("admin:fields.name_en")} defaultValue={field.nameEn} />
        <TextField
          name="sort_order"
          label={t("admin:fields.sort_order")}
          defaultValue={field.sortOrder}
          inputMode="numeric"
        />
        <RadioGroup
          name="active"
          legend={t("admin:fields.state")}
          options={[
            { value: "yes", label: t("admin:fields.active") },
            { value: "no", label: t("admin:fields.inactive") },
          ]}
          defaultValue={field.active ? "yes" : "no"}
        />
        <Submit>{t("admin:save")}</Submit>
      </AdminForm>
    </details>
  );
}

export default function FieldsRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:fields.title")}</h1>
      <Notice />
      <p>{t("admin:fields.intro")}</p>
      {d.canEdit ? null : <p className="note">{t("admin:read_only_installation")}</p>}
      <AdminTable
        caption={t("admin:fields.list")}
        headers={[
          t("admin:fields.code"),
          t("admin:fields.name_vi"),
          t("admin:fields.name_en"),
          t("admin:fields.sort_order"),
          t("admin:fields.state"),
          d.canEdit ? t("admin:actions") : null,
        ]}
      >
        {d.fields.map((f) => (
          <tr key={f.code} className={f.active ? undefined : "retired"}>
            <td className="code">{f.code}</td>
            <td lang="vi">{f.nameVi}</td>
            <td lang="en">{f.nameEn}</td>
            <td>{f.sortOrder}</td>
            <td>{f.active ? t("admin:fields.active") : t("admin:fields.inactive")}</td>
            {d.canEdit ? (
              <td>
                <EditField field={f} />
              </td>
            ) : null}
          </tr>
        ))}
      </AdminTable>
      {d.canEdit ? (
        <section className="panel" aria-labelledby="create-title">
          <h2 id="create-title">{t("admin:fields.create")}</h2>
          <AdminForm name="create" intent="create" className="admin-form grid">
            <TextField name="code" label={t("admin:fields.code")} hint={t("admin:fields.code_hint")} />
            <TextField name="name_vi" label={t("admin:fields.name_vi")} />
            <TextField name="name_en" label={t("admin:fields.name_en")} />
            <TextField
              name="sort_order"
              label={t("admin:fields.sort_order")}
              inputMode="numeric"
              defaultValue={d.fields.length + 1}
            />
            <Submit>{t("admin:fields.create_submit")}</Submit>
          </AdminForm>
        </section>
      ) : null}
    </div>
  );
}
