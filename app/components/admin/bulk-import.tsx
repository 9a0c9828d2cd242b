/**
 * The pieces every CSV import shows (units, desks, tablets, accounts, the
 * first-run wizard's communes, desks and tablets): the upload or paste form,
 * the preview of the rows with their errors, and the form that applies a file
 * without errors. Plain forms: they work with JavaScript off.
 *
 * The page of a bulk CSV import (desks, tablets, accounts; ADR 059): the
 * columns, an example, the upload or paste form, then the preview with the
 * rows in error and, when there are none, the button that applies the file.
 * Plain forms: it works with JavaScript off.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BulkPreview, PreviewRow, RowStatus } from "~/admin/csv-import.server";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";
import { AdminTable } from "./admin-table";
import { AdminForm, Submit, TextArea, TextField } from "./form";

const IMPORTS = [
  { to: "/admin/desks/import", label: "admin:bulk_import.desks.tab" },
  { to: "/admin/devices/import", label: "admin:bulk_import.tablets.tab" },
  { to: "/admin/users/import", label: "admin:bulk_import.users.tab" },
] as const;

export function BulkImportPage({
  kind,
  columns,
  example,
  maxRows,
  preview,
  csv,
  pasted,
  children,
}: {
  kind: "desks" | "tablets" | "users";
  columns: readonly string[];
  example: string;
  maxRows: number;
  preview?: BulkPreview;
  /** The text checked, for the apply form. */
  csv?: string;
  /** What the paste box held (never an uploaded file's text). */
  pasted?: string;
  /** Fields the apply form sends besides the file (e.g. nothing), or a result shown instead of the preview. */
  children?: ReactNode;
}) {
  const { t, lang } = useT();
  const key = `admin:bulk_import.${kind}`;
  return (
    <div className="admin-page">
      <nav aria-label={t("admin:bulk_import.other_imports")} className="breadcrumb">
        {IMPORTS.map((i, n) => (
          <span key={i.to}>
            {n > 0 ? " · " : null}
            <Link to={i.to} aria-current={i.label === `${key}.tab` ? "page" : undefined}>
              {t(i.label)}
            </Link>
          </span>
        ))}
      </nav>
      <h1>{t(`${key}.title`)}</h1>
      <p>{t("admin:bulk_import.intro", { max: formatNumber(maxRows, lang) })}</p>
      <p>{t(`${key}.intro`)}</p>
      <ImportInstructions
        columns={columns.map((c) => ({
          name: t(`admin:bulk_import.columns.${c}`),
          help: t(`${key}.column_help.${c}`),
        }))}
        example={example}
      />
      {children}
      <UploadAndPreview
        pasted={pasted}
        preview={preview}
        csv={csv}
        summary={`${key}.summary`}
        nothingNew="admin:bulk_import.nothing_new"
        columns={valueColumns(columns.map((c) => [c, t(`admin:bulk_import.columns.${c}`)]))}
        applyLabel={(count) => t(`${key}.apply`, { count })}
      />
    </div>
  );
}

/**
 * A CSV import page's two steps: the upload or paste form, then, once a file
 * is checked, its preview with the form that applies it. `applyLabel` gets the
 * number of new rows, formatted.
 */
export function UploadAndPreview<R extends PreviewRowBase>({
  pasted,
  preview,
  csv,
  summary,
  nothingNew,
  columns,
  applyLabel,
}: {
  pasted?: string;
  preview?: { counts: Record<RowStatus, number>; rows: readonly R[]; hidden: number };
  csv?: string;
  summary: string;
  nothingNew: string;
  columns: readonly PreviewColumn<R>[];
  applyLabel: (count: string) => string;
}) {
  const { t, lang } = useT();
  return (
    <>
      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("admin:import.upload")}</h2>
        <ImportUploadForm intent="preview" pasted={pasted} />
      </section>
      {preview ? (
        <ImportPreview
          preview={preview}
          summary={summary}
          nothingNew={nothingNew}
          columns={columns}
          apply={
            <ApplyForm intent="apply" label={applyLabel(formatNumber(preview.counts.new, lang))}>
              <CheckedCsv csv={csv} />
            </ApplyForm>
          }
        />
      ) : null}
    </>
  );
}

/** The file or pasted text to check; `pasted` is what the paste box held (never an uploaded file's text). */
/** What a CSV import expects: its columns, each with its help, and an example file. */
export function ImportInstructions({
  columns,
  example,
}: {
  columns: readonly { name: string; help: string }[];
  example: string;
}) {
  const { t } = useT();
  return (
    <>
      <ol className="columns-list">
        {columns.map((c) => (
          <li key={c.name}>
            <strong>{c.name}</strong>: {c.help}
          </li>
        ))}
      </ol>
      <details>
        <summary>{t("admin:import.example")}</summary>
        <pre className="example">{example}</pre>
      </details>
    </>
  );
}

export function ImportUploadForm({ intent, pasted }: { intent: string; pasted?: string }) {
  const { t } = useT();
  return (
    <AdminForm name="import" intent={intent} upload>
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
  );
}

/** The form that applies what was checked; its fields (children) say what that was. */
export function ApplyForm({ intent, label, children }: { intent: string; label: string; children?: ReactNode }) {
  return (
    <AdminForm name="apply" intent={intent}>
      {children}
      <Submit>{label}</Submit>
    </AdminForm>
  );
}

/** The checked CSV text, sent again by the apply form. */
export function CheckedCsv({ csv }: { csv?: string }) {
  return <textarea name="csv" defaultValue={csv} hidden readOnly aria-hidden="true" />;
}

/** Columns showing the rows' values: [value key, label]. */
export function valueColumns(columns: readonly (readonly [string, string])[]): PreviewColumn<PreviewRow>[] {
  return columns.map(([key, label]) => ({ label, cell: (r) => r.values[key] || "—" }));
}

interface PreviewRowBase {
  line: number;
  status: RowStatus;
  errors: string[];
}

export interface PreviewColumn<R> {
  label: string;
  cell: (row: R) => ReactNode;
  className?: string;
}

/**
 * A check's result: the counts (`summary`, a translation key given new,
 * unchanged and errors), then the rows in error with their reasons and the
 * first others. `apply` shows only when there are new rows and no errors;
 * `nothingNew`, a translation key, when there are none. `titled`: a section
 * of its own with a heading (a page), else part of the section around it.
 */
export function ImportPreview<R extends PreviewRowBase>({
  preview,
  summary,
  nothingNew,
  columns,
  apply,
  titled = true,
}: {
  preview: { counts: Record<RowStatus, number>; rows: readonly R[]; hidden: number };
  summary: string;
  nothingNew?: string;
  columns: readonly PreviewColumn<R>[];
  apply: ReactNode;
  titled?: boolean;
}) {
  const { t, lang } = useT();
  const errors = preview.counts.error;
  const body = (
    <>
      <p role="status">
        {t(summary, {
          new: formatNumber(preview.counts.new, lang),
          unchanged: formatNumber(preview.counts.unchanged, lang),
          errors: formatNumber(errors, lang),
        })}
      </p>
      {errors > 0 ? (
        <p className="form-error" role="alert">
          {t("admin:import.has_errors", { count: formatNumber(errors, lang) })}
        </p>
      ) : preview.counts.new > 0 ? (
        apply
      ) : nothingNew ? (
        <p className="note">{t(nothingNew)}</p>
      ) : null}
      <AdminTable
        caption={t("admin:import.rows")}
        headers={[t("admin:import.line"), ...columns.map((c) => c.label), t("admin:import.result")]}
      >
        {preview.rows.map((r) => (
          <tr key={r.line} className={r.status === "error" ? "row-error" : undefined}>
            <td>{r.line}</td>
            {columns.map((c) => (
              <td key={c.label} className={c.className}>
                {c.cell(r)}
              </td>
            ))}
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
    </>
  );
  return titled ? (
    <section aria-labelledby="preview-title" className="import-preview">
      <h2 id="preview-title">{t("admin:import.preview_title")}</h2>
      {body}
    </section>
  ) : (
    <div className="import-preview">{body}</div>
  );
}
