import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadTabletImport, tabletImportAction } from "~/admin/tablet-import.server";
import { BulkImportPage } from "~/components/admin/bulk-import";
import { useSettledActionData } from "~/components/admin/form";
import { PairingSheetForm } from "~/components/admin/pairing-sheet-form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("tablets_import");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadTabletImport);

export const action = (args: ActionFunctionArgs) => adminAct(args, tabletImportAction);

/** Data, not wording: two tablets at the demo province's centre desk. */
const EXAMPLE = `desk_code,name
99101-MC,Máy tính bảng 1
99101-MC,Máy tính bảng 2`;

export default function TabletsImportRoute() {
  const { maxRows, validity } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const { t, lang } = useT();
  const created = result && "created" in result ? result.created : undefined;
  return (
    <BulkImportPage
      kind="tablets"
      columns={["desk_code", "name"]}
      example={EXAMPLE}
      maxRows={maxRows}
      preview={result && "preview" in result ? result.preview : undefined}
      csv={result && "csv" in result ? result.csv : undefined}
      pasted={result && "pasted" in result ? result.pasted : undefined}
    >
      {created ? (
        <section className="panel" aria-labelledby="created-title">
          <h2 id="created-title">{t("admin:bulk_import.tablets.created_title")}</h2>
          <p role="status">
            {t("admin:bulk_import.tablets.created", { count: formatNumber(created.deviceIds.length, lang) })}
          </p>
          {created.deviceIds.length > 0 ? <PairingSheetForm deviceIds={created.deviceIds} validity={validity} /> : null}
        </section>
      ) : null}
    </BulkImportPage>
  );
}
