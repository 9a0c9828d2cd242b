import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { importAction, loadImport } from "~/admin/unit-import.server";
import { AdminForm, Submit, TextArea, TextField, useSettledActionData } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDate, formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("units_import");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadImport);

export const action = (args: ActionFunctionArgs) => adminAct(args, importAction);

/** Data, not wording: the demo province with a district that ended when the two tiers began. */
const EXAMPLE = `code,name,level,parent_code,valid_from,valid_to
99,Tỉnh An Hòa,province,,,
994,Huyện Đồng Xuân,district,99,,2025-06-30
99401,Xã Xuân Lộc,commune,994,,2025-06-30
99405,Xã Xuân Phước,commune,99,2025-07-01,`;

export default function UnitsImportRoute() {
  const { maxRows } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const { t, lang } = useT();
  const preview = result && "preview" in result ? result.preview : undefined;
  const csv = result && "csv" in result ? result.csv : undefined;
  const pasted = result && "pasted" in result ? result.pasted : undefined;
  const errors = preview?.counts.error ?? 0;
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/units">{t("admin:units.title")}</Link>
      </p>
      <h1>{t("admin:import.title")}</h1>
      <p>{t("admin:import.intro", { max: formatNumber(maxRows, lang) })}</p>
      <ol className="columns-list">
        {(["code", "name", "level", "parent_code", "valid_from", "valid_to"] as const).map((c) => (
          <li key={c}>
            <strong>{t(`admin:import.columns.${c}`)}</strong>: {t(`admin:import.column_help.${c}`)}
          </li>
        ))}
      </ol>
      <details>
        <summary>{t("admin:import.example")}</summary>
        <pre className="example">{EXAMPLE}</pre>
      </details>

      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("admin:import.upload")}</h2>
        <AdminForm name="import" intent="preview" upload>
          <TextField name="file" type="file" label={t("admin:import.file")} accept=".csv,text/csv" />
          <TextArea
            name="csv"
            label={t("admin:import.paste")}
            hint={t("admin:import.paste_hint")}
            defaultValue={pasted ?? ""}
            rows={8}
          />
          <Submit>{t("admin:import.preview")}</Submit>
        </AdminForm>
      </section>

      {preview ? (
        <section aria-labelledby="preview-title" className="import-preview">
          <h2 id="preview-title">{t("admin:import.preview_title")}</h2>
          <p role="status">
            {t("admin:import.summary", {
              new: formatNumber(preview.counts.new, lang),
              unchanged: formatNumber(preview.counts.unchanged, lang),
              errors: formatNumber(errors, lang),
            })}
          </p>
          {errors > 0 ? (
            <p className="form-error" role="alert">
              {t("admin:import.has_errors", { count: formatNumber(errors, lang) })}
            </p>
          ) : preview.counts.new === 0 ? (
            <p className="note">{t("admin:import.nothing_new")}</p>
          ) : (
            <AdminForm name="apply" intent="apply">
              <textarea name="csv" defaultValue={csv} hidden readOnly aria-hidden="true" />
              <Submit>{t("admin:import.apply", { count: formatNumber(preview.counts.new, lang) })}</Submit>
            </AdminForm>
          )}
          <AdminTable
            caption={t("admin:import.rows")}
            headers={[
              t("admin:import.line"),
              t("admin:import.columns.code"),
              t("admin:import.columns.name"),
              t("admin:import.columns.level"),
              t("admin:import.columns.parent_code"),
              t("admin:units.validity"),
              t("admin:import.result"),
            ]}
          >
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.status === "error" ? "row-error" : undefined}>
                <td>{r.line}</td>
                <td className="code">{r.code}</td>
                <td>{r.name}</td>
                <td>{r.level ? t(`levels.${r.level}`) : "—"}</td>
                <td className="code">{r.parentCode || "—"}</td>
                <td className="nowrap">
                  {r.validFrom ? formatDate(r.validFrom) : "…"} – {r.validTo ? formatDate(r.validTo) : "…"}
                </td>
                <td>
                  <span className={`tag status-${r.status}`}>{t(`admin:import.status.${r.status}`)}</span>
                  {r.errors.length > 0 ? (
                    <ul className="row-errors">
                      {r.errors.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </AdminTable>
          {preview.hidden > 0 ? (
            <p className="note">{t("admin:import.more_rows", { count: formatNumber(preview.hidden, lang) })}</p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
