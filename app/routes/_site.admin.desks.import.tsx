import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { deskImportAction, loadDeskImport } from "~/admin/desk-import.server";
import { BulkImportPage } from "~/components/admin/bulk-import";
import { useSettledActionData } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";

export const links = adminLinks;
export const meta = adminMeta("desks_import");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadDeskImport);

export const action = (args: ActionFunctionArgs) => adminAct(args, deskImportAction);

/** Data, not wording: two desks of a commune centre of the demo province. */
const EXAMPLE = `unit_code,code,name
99101,99101-Q1,Quầy số 1 Phường Bắc Sơn
99101,99101-Q2,Quầy số 2 Phường Bắc Sơn`;

export default function DesksImportRoute() {
  const { maxRows } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  return (
    <BulkImportPage
      kind="desks"
      columns={["unit_code", "code", "name"]}
      example={EXAMPLE}
      maxRows={maxRows}
      preview={result && "preview" in result ? result.preview : undefined}
      csv={result && "csv" in result ? result.csv : undefined}
      pasted={result && "pasted" in result ? result.pasted : undefined}
    />
  );
}
