import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { caseAction, loadCase } from "~/cases/cases.server";
import { CASE_FINDINGS } from "~/cases/vocabulary";
import { AdminForm, Notice, RadioGroup, SelectField, Submit, TextArea } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { formatDate, formatDateTime } from "~/utils/format";

export const links = adminLinks;
export const meta = adminMeta("case");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadCase, "caseId");

export const action = (args: ActionFunctionArgs) => adminAct(args, caseAction, "caseId");

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export default function CaseRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const c = d.case;
  const late = c.status !== "concluded" && c.dueOn < d.today;
  const r = c.response;
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/cases">{t("admin:cases.title")}</Link>
      </p>
      <h1>{t("admin:cases.case_no", { id: c.id })}</h1>
      <Notice />
      <dl className="facts">
        <dt>{t("admin:cases.status_label")}</dt>
        <dd>
          {t(`admin:cases.status.${c.status}`)}
          {c.suspect ? ` · ${t("admin:cases.suspect")}` : null}
        </dd>
        <dt>{t("admin:cases.unit")}</dt>
        <dd>{`${c.unitCode} · ${c.unitName} · ${c.deskName}`}</dd>
        <dt>{t("admin:cases.opened_at")}</dt>
        <dd>{formatDateTime(c.openedAt, lang)}</dd>
        <dt>{t("admin:cases.due_on")}</dt>
        <dd className={late ? "overdue" : undefined}>
          {formatDate(c.dueOn)}
          {late ? ` · ${t("admin:cases.is_overdue")}` : null}
        </dd>
        <dt>{t("admin:cases.assignee")}</dt>
        <dd>{c.assignee ?? t("admin:cases.unassigned")}</dd>
        <dt>{t("admin:cases.contact")}</dt>
        <dd data-contact={d.contact ? (d.contact.masked ? "masked" : "full") : "none"}>
          {d.contact ? (
            <>
              {d.contact.masked ? (
                <span>{d.contact.phone}</span>
              ) : (
                <a href={`tel:${d.contact.phone}`}>{d.contact.phone}</a>
              )}
              <div className="note">
                {d.contact.masked
                  ? t("admin:cases.contact_masked")
                  : t("admin:cases.contact_consented", { at: formatDateTime(d.contact.consentedAt, lang) })}
              </div>
            </>
          ) : (
            t("admin:cases.contact_none")
          )}
        </dd>
        {c.finding ? (
          <>
            <dt>{t("admin:cases.finding_label")}</dt>
            <dd>{t(`admin:cases.finding.${c.finding}`)}</dd>
            <dt>{t("admin:cases.measures")}</dt>
            <dd>{c.measures}</dd>
            <dt>{t("admin:cases.reply")}</dt>
            <dd>{c.reply ?? "—"}</dd>
          </>
        ) : null}
      </dl>
      <section className="panel" aria-labelledby="response-title">
        <h2 id="response-title">{t("admin:cases.response")}</h2>
        <dl className="facts">
          <dt>{t("admin:cases.response_at")}</dt>
          <dd>{formatDateTime(r.at, lang)}</dd>
          <dt>{t("admin:cases.rating")}</dt>
          <dd>{t(`ratings.${r.rating}`)}</dd>
          <dt>{t("admin:cases.reasons")}</dt>
          <dd>{r.reasons.map((x) => t(`reasons.${x}`)).join("; ")}</dd>
          <dt>{t("admin:cases.field")}</dt>
          <dd>{r.fieldCode ?? "—"}</dd>
          <dt>{t("admin:cases.dossier")}</dt>
          <dd>{r.dossierCode ?? "—"}</dd>
          <dt>{t("admin:cases.comment")}</dt>
          <dd>{r.comment ? `«${r.comment}»` : "—"}</dd>
          {r.answers
            ? Object.entries(r.answers).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{show(v)}</dd>
                </div>
              ))
            : null}
        </dl>
      </section>
      {d.mayAct ? (
        <div className="panels">
          {c.status !== "concluded" ? (
            <section className="panel" aria-labelledby="assign-title">
              <h2 id="assign-title">{t("admin:cases.assign")}</h2>
              <AdminForm name="assign" intent="assign">
                <SelectField
                  name="assignee"
                  label={t("admin:cases.assignee")}
                  hint={t("admin:cases.assignee_hint")}
                  options={d.managers.map((m) => ({ value: m.id, label: m.username }))}
                  defaultValue={c.assigneeUserId}
                  empty={t("admin:cases.unassigned")}
                />
                <Submit>{t("admin:cases.assign_submit")}</Submit>
              </AdminForm>
              {c.status === "new" ? (
                <AdminForm name="verify" intent="verify">
                  <p className="note">{t("admin:cases.verify_hint")}</p>
                  <Submit primary={false}>{t("admin:cases.verify_submit")}</Submit>
                </AdminForm>
              ) : null}
            </section>
          ) : null}
          <section className="panel" aria-labelledby="note-title">
            <h2 id="note-title">{t("admin:cases.note")}</h2>
            <AdminForm name="note" intent="note">
              <TextArea name="note" label={t("admin:cases.note_label")} hint={t("admin:cases.note_hint")} rows={3} />
              <Submit primary={false}>{t("admin:cases.note_submit")}</Submit>
            </AdminForm>
          </section>
          {c.status !== "concluded" ? (
            <section className="panel" aria-labelledby="conclude-title">
              <h2 id="conclude-title">{t("admin:cases.conclude")}</h2>
              <AdminForm name="conclude" intent="conclude">
                <RadioGroup
                  name="finding"
                  legend={t("admin:cases.finding_label")}
                  options={CASE_FINDINGS.map((x) => ({ value: x, label: t(`admin:cases.finding.${x}`) }))}
                  defaultValue=""
                />
                <TextArea
                  name="measures"
                  label={t("admin:cases.measures")}
                  hint={t("admin:cases.measures_hint")}
                  rows={3}
                />
                <TextArea name="reply" label={t("admin:cases.reply")} hint={t("admin:cases.reply_hint")} rows={3} />
                <Submit>{t("admin:cases.conclude_submit")}</Submit>
              </AdminForm>
            </section>
          ) : null}
        </div>
      ) : null}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("admin:cases.history")}</h2>
        <ol className="case-history">
          {d.events.map((e) => (
            <li key={e.id}>
              <span className="nowrap">{formatDateTime(e.at, lang)}</span> ·{" "}
              <strong>{t(`admin:cases.event.${e.type}`)}</strong>
              {e.username ? ` · ${e.username}` : null}
              {e.after
                ? Object.entries(e.after)
                    .filter(([k]) => k !== "responseId")
                    .map(([k, v]) => (
                      <div key={k} className="note">
                        {`${t(`admin:cases.event_field.${k}`, { defaultValue: k })}: ${
                          k === "status"
                            ? t(`admin:cases.status.${String(v)}`)
                            : k === "dueOn" && typeof v === "string"
                              ? formatDate(v)
                              : k === "finding" && v
                                ? t(`admin:cases.finding.${String(v)}`)
                                : show(v)
                        }`}
                      </div>
                    ))
                : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
