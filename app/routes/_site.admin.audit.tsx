import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { loadAuditLog } from "~/admin/audit-log.server";
import { AuditTable } from "~/components/admin/audit-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { ChoiceFilter, DateFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("audit");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadAuditLog);

export default function AuditRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page">
      <h1>{t("admin:audit.title")}</h1>
      <p>{d.scopeAll ? t("admin:audit.intro_all") : t("admin:audit.intro_scope")}</p>
      <ListControls
        id="audit"
        label={t("admin:lists.filter_of", { list: t("admin:audit.title") })}
        view={d.list}
        picker={d.picker}
        sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
        exportPath="/admin/export/audit"
        searchHint={t("admin:audit.search_hint")}
      >
        <ChoiceFilter
          id="audit-entity"
          name="entity"
          label={t("admin:audit.entity")}
          value={d.filter.entity}
          options={d.entities.map((e) => ({ value: e, label: t(`admin:audit.entities.${e}`) }))}
        />
        <ChoiceFilter
          id="audit-action"
          name="action"
          label={t("admin:audit.action")}
          value={d.filter.action}
          options={d.actions.map((a) => ({ value: a, label: t(`admin:audit.actions.${a}`) }))}
        />
        <DateFilter id="audit-from" name="from" label={t("admin:audit.from")} value={d.filter.from} />
        <DateFilter id="audit-to" name="to" label={t("admin:audit.to")} value={d.filter.to} />
      </ListControls>
      <AuditTable entries={d.entries} caption={t("admin:audit.list")} />
      <Pager view={d.list} />
    </div>
  );
}
