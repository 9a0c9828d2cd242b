import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadTablets, tabletsAction, type TabletRowView } from "~/admin/tablets.server";
import { AdminForm, Notice, SelectField, Submit, TextField, useFailure } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { TabletTable } from "~/components/admin/tablet-table";
import { ChoiceFilter, ListControls, Pager } from "~/components/admin/list-controls";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("tablets");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadTablets);

export const action = (args: ActionFunctionArgs) => adminAct(args, tabletsAction);

function TabletActions({ row }: { row: TabletRowView }) {
  const { t } = useT();
  const failure = useFailure(`device-${row.id}`);
  if (row.state === "revoked") return <span className="subtle">—</span>;
  return (
    <>
      <Form method="post" className="inline-form">
        <input type="hidden" name="device" value={row.id} />
        <button type="submit" name="intent" value="pairing_code" className="button small">
          {t("admin:tablets.new_code")}
        </button>
        <button type="submit" name="intent" value="revoke" className="button small danger">
          {t("admin:tablets.revoke")}
        </button>
      </Form>
      {failure ? (
        <p className="field-error" role="alert">
          {Object.values(failure.errors)[0]}
        </p>
      ) : null}
    </>
  );
}

export default function TabletsRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, lang } = useT();
  const issued = result && "issued" in result ? result.issued : undefined;
  return (
    <div className="admin-page">
      <h1>{t("admin:tablets.title")}</h1>
      <Notice />
      {issued ? (
        <section className="panel pairing-code" aria-labelledby="code-title">
          <h2 id="code-title">{t("admin:tablets.code_title", { name: issued.deviceName, desk: issued.deskName })}</h2>
          <div className="pairing-grid">
            <div>
              <p
                className="big-code"
                aria-label={t("admin:tablets.code_label", { code: issued.code.split("").join(" ") })}
              >
                {issued.code}
              </p>
              <p>{t("admin:tablets.code_expires", { time: formatDateTime(issued.expiresAt, lang) })}</p>
              <p>{t("admin:tablets.code_how")}</p>
              <p>
                <a href={issued.url} className="pairing-link">
                  {issued.url}
                </a>
              </p>
              <p className="note">{t("admin:tablets.code_once")}</p>
            </div>
            <img src={issued.qr} alt={t("admin:tablets.qr_alt")} className="qr" width="220" height="220" />
          </div>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">{t("admin:tablets.create")}</h2>
        {d.desksNarrowed ? (
          <p className="note">{t("admin:lists.choose_unit_to_add")}</p>
        ) : d.desks.length === 0 ? (
          <p className="empty">{t("admin:tablets.no_desks")}</p>
        ) : (
          <AdminForm name="create" intent="create" className="admin-form grid">
            <SelectField
              name="desk"
              label={t("admin:tablets.desk")}
              options={d.desks.map((desk) => ({ value: desk.id, label: `${desk.code} · ${desk.name}` }))}
              empty={t("admin:choose")}
            />
            <TextField name="name" label={t("admin:tablets.name")} defaultValue={t("admin:tablets.default_name")} />
            <Submit>{t("admin:tablets.create_submit")}</Submit>
          </AdminForm>
        )}
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t("admin:tablets.list")}</h2>
        <p className="note">{t("admin:tablets.revoke_hint")}</p>
        <ListControls
          id="tablets"
          label={t("admin:lists.filter_of", { list: t("admin:tablets.list") })}
          view={d.list}
          picker={d.picker}
          sortLabel={(s) => t(`admin:lists.sorts.${s}`)}
          exportPath="/admin/export/tablets"
          searchHint={t("admin:tablets.search_hint")}
        >
          <ChoiceFilter
            id="tablets-state"
            name="state"
            label={t("admin:tablets.state")}
            value={d.state ?? undefined}
            options={d.states.map((s) => ({ value: s, label: t(`admin:tablets.list_states.${s}`) }))}
          />
        </ListControls>
        <TabletTable
          rows={d.tablets}
          caption={t("admin:tablets.list")}
          actions={(row) => <TabletActions row={row} />}
        />
        <Pager view={d.list} />
      </section>
    </div>
  );
}
