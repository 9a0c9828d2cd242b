import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { type ImportRowView, importAction, loadImport } from "~/admin/unit-import.server";
import { ImportInstructions, type PreviewColumn, UploadAndPreview } from "~/components/admin/bulk-import";
import { useSettledActionData } from "~/components/admin/form";
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
  const columns: PreviewColumn<ImportRowView>[] = [
    { label: t("admin:import.columns.code"), cell: (r) => r.code, className: "code" },
    { label: t("admin:import.columns.name"), cell: (r) => r.name },
    { label: t("admin:import.columns.level"), cell: (r) => (r.level ? t(`levels.${r.level}`) : "—") },
    { label: t("admin:import.columns.parent_code"), cell: (r) => r.parentCode || "—", className: "code" },
    {
      label: t("admin:units.validity"),
      cell: (r) => `${r.validFrom ? formatDate(r.validFrom) : "…"} – ${r.validTo ? formatDate(r.validTo) : "…"}`,
      className: "nowrap",
    },
  ];
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/units">{t("admin:units.title")}</Link>
      </p>
      <h1>{t("admin:import.title")}</h1>
      <p>{t("admin:import.intro", { max: formatNumber(maxRows, lang) })}</p>
      <ImportInstructions
        columns={(["code", "name", "level", "parent_code", "valid_from", "valid_to"] as const).map((c) => ({
          name: t(`admin:import.columns.${c}`),
          help: t(`admin:import.column_help.${c}`),
        }))}
        example={EXAMPLE}
      />

      <UploadAndPreview
        pasted={pasted}
        preview={preview}
        csv={csv}
        summary="admin:import.summary"
        nothingNew="admin:import.nothing_new"
        columns={columns}
        applyLabel={(count) => t("admin:import.apply", { count })}
      />
    </div>
  );
}
