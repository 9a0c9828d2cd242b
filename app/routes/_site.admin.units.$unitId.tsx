import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadUnit, unitAction } from "~/admin/units.server";
import { AuditTable } from "~/components/admin/audit-table";
import { AdminForm, Notice, SelectField, Submit, TextArea, TextField } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { Validity, unitOption } from "~/components/admin/unit-label";
import { formatDate } from "~/utils/format";
import { hasEnded } from "~/domain/units";
import { useT } from "~/i18n/react";
import { AUTHORITY_CHOICES, ISSUER_KINDS } from "~/reports/signing";

export const links = adminLinks;
export const meta = adminMeta("unit");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadUnit, "unitId");

export const action = (args: ActionFunctionArgs) => adminAct(args, unitAction, "unitId");

/** The report signer form's fields, in order; each is named as the form posts it and labelled under admin:report_signer. */
const SIGNER_FIELDS: readonly SignerField[] = [
  {
    name: "issuer",
    kind: "select",
    provinceOnly: true,
    choices: ISSUER_KINDS,
    choiceLabels: "reports:document_form.issuers",
  },
  { name: "issuer_name", kind: "text", hint: true },
  { name: "number_suffix", kind: "text", hint: true },
  { name: "authority", kind: "select", choices: AUTHORITY_CHOICES, choiceLabels: "reports:document_form.authorities" },
  { name: "principal", kind: "text", hint: true },
  { name: "signer_title", kind: "text" },
  { name: "signer_name", kind: "text" },
  { name: "recipients", kind: "textarea" },
];

type SignerFieldName = keyof Awaited<ReturnType<typeof loadUnit>>["signer"];

type SignerField = { name: SignerFieldName; provinceOnly?: boolean } & (
  | { kind: "text"; hint?: boolean }
  | { kind: "textarea" }
  | { kind: "select"; choices: readonly string[]; choiceLabels: string }
);

export default function UnitRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const u = d.unit;
  const ended = hasEnded(u, d.today);
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/units">{t("admin:units.title")}</Link>
      </p>
      <h1>
        {u.name} <span className="code">{u.code}</span>
      </h1>
      <Notice />
      <dl className="facts">
        <dt>{t("admin:units.level")}</dt>
        <dd>{t(`levels.${u.level}`)}</dd>
        <dt>{t("admin:units.parent")}</dt>
        <dd>
          {d.parent ? (
            d.parentInScope ? (
              <Link to={`/admin/units/${d.parent.id}`}>{`${d.parent.code} · ${d.parent.name}`}</Link>
            ) : (
              `${d.parent.code} · ${d.parent.name}`
            )
          ) : (
            t("admin:units.no_parent")
          )}
        </dd>
        <dt>{t("admin:units.validity")}</dt>
        <dd>
          {u.validFrom || u.validTo ? <Validity from={u.validFrom} to={u.validTo} /> : t("admin:units.no_limit")}
          {ended ? <span className="tag tag-ended">{t("admin:units.ended")}</span> : null}
        </dd>
      </dl>

      {d.versions.length > 0 ? (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">{t("admin:units.versions", { code: u.code })}</h2>
          <ul className="plain-list">
            {d.versions.map((v) => (
              <li key={v.id}>
                <Link to={`/admin/units/${v.id}`}>{v.name}</Link> <Validity from={v.validFrom} to={v.validTo} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="children-title">
        <h2 id="children-title">{t("admin:units.children_title")}</h2>
        {d.children.length === 0 ? (
          <p className="empty">{t("admin:units.no_children")}</p>
        ) : (
          <ul className="plain-list">
            {d.children.map((c) => (
              <li key={c.id} className={hasEnded(c, d.today) ? "retired" : undefined}>
                <span className="code">{c.code}</span> <Link to={`/admin/units/${c.id}`}>{c.name}</Link>{" "}
                <span className="tag">{t(`levels.${c.level}`)}</span> <Validity from={c.validFrom} to={c.validTo} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="desks-title">
        <h2 id="desks-title">{t("admin:desks.title")}</h2>
        {d.desks.length === 0 ? (
          <p className="empty">{t("admin:desks.none")}</p>
        ) : (
          <ul className="plain-list">
            {d.desks.map((desk) => (
              <li key={desk.id}>
                <span className="code">{desk.code}</span> <Link to={`/admin/desks/${desk.id}`}>{desk.name}</Link>{" "}
                {desk.active ? null : <span className="tag tag-ended">{t("admin:desks.inactive")}</span>}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/admin/desks">{t("admin:desks.manage")}</Link>
        </p>
      </section>

      {d.canChange ? (
        <div className="panels">
          <section className="panel" aria-labelledby="rename-title">
            <h2 id="rename-title">{t("admin:units.rename")}</h2>
            <AdminForm name="rename" intent="rename">
              <TextField name="name" label={t("admin:units.name")} defaultValue={u.name} />
              <TextField name="valid_from" type="date" label={t("admin:units.valid_from")} defaultValue={u.validFrom} />
              <Submit>{t("admin:save")}</Submit>
            </AdminForm>
          </section>
          {u.level !== "province" ? (
            <section className="panel" aria-labelledby="move-title">
              <h2 id="move-title">{t("admin:units.move")}</h2>
              <p className="field-hint">{t("admin:units.move_hint")}</p>
              {d.moveTargets.length === 0 ? (
                <p className="empty">{t("admin:units.no_move_targets")}</p>
              ) : (
                <AdminForm name="move" intent="move">
                  <SelectField
                    name="parent"
                    label={t("admin:units.new_parent")}
                    options={d.moveTargets.map(unitOption)}
                    empty={t("admin:choose")}
                  />
                  <TextField
                    name="from"
                    type="date"
                    label={t("admin:units.move_from")}
                    hint={t("admin:units.move_from_hint")}
                  />
                  <Submit>{t("admin:units.move_submit")}</Submit>
                </AdminForm>
              )}
            </section>
          ) : null}
          <section className="panel" aria-labelledby="retire-title">
            <h2 id="retire-title">{u.validTo ? t("admin:units.restore") : t("admin:units.retire")}</h2>
            {u.validTo ? (
              <AdminForm name="restore" intent="restore">
                <p>{t("admin:units.restore_hint", { date: formatDate(u.validTo) })}</p>
                <Submit>{t("admin:units.restore_submit")}</Submit>
              </AdminForm>
            ) : (
              <AdminForm name="retire" intent="retire">
                <p className="field-hint">{t("admin:units.retire_hint")}</p>
                <TextField name="valid_to" type="date" label={t("admin:units.last_day")} defaultValue={d.today} />
                <Submit>{t("admin:units.retire_submit")}</Submit>
              </AdminForm>
            )}
          </section>
        </div>
      ) : (
        <p className="note">{t("admin:units.read_only")}</p>
      )}

      {d.canSetSigning ? (
        <div className="panels">
          <section className="panel" aria-labelledby="signer-title">
            <h2 id="signer-title">{t("admin:report_signer.title")}</h2>
            <p className="field-hint">{t("admin:report_signer.hint")}</p>
            <AdminForm name="signer" intent="signer">
              {SIGNER_FIELDS.filter((f) => !f.provinceOnly || u.level === "province").map((f) => {
                const label = t(`admin:report_signer.${f.name}`);
                const value = d.signer[f.name];
                if (f.kind === "select") {
                  return (
                    <SelectField
                      key={f.name}
                      name={f.name}
                      label={label}
                      options={f.choices.map((c) => ({ value: c, label: t(`${f.choiceLabels}.${c}`) }))}
                      empty={t("admin:report_signer.issuer_default")}
                      defaultValue={value}
                    />
                  );
                }
                if (f.kind === "textarea") {
                  return <TextArea key={f.name} name={f.name} label={label} rows={4} defaultValue={value} />;
                }
                const hint = f.hint ? t(`admin:report_signer.${f.name}_hint`) : undefined;
                return <TextField key={f.name} name={f.name} label={label} hint={hint} defaultValue={value} />;
              })}
              <Submit>{t("admin:report_signer.submit")}</Submit>
            </AdminForm>
          </section>
        </div>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("admin:history")}</h2>
        <AuditTable entries={d.history} caption={t("admin:history_of", { name: u.name })} />
      </section>
    </div>
  );
}
