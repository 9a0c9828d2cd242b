import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadQuestionnaire, questionnaireAction } from "~/admin/questionnaires.server";
import { AdminForm, Notice, Submit, TextArea, TextField } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { QuestionnaireStateTag } from "~/components/admin/questionnaire-state";
import { formatDateTime, formatNumber } from "~/utils/format";
import { isCoreQuestion } from "~/domain/questionnaire";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("questionnaire");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadQuestionnaire, "version");

export const action = (args: ActionFunctionArgs) => adminAct(args, questionnaireAction, "version");

export default function QuestionnaireRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const messages = result && "messages" in result ? result.messages : undefined;
  const { t, lang } = useT();
  const editable = d.canEdit && d.state === "draft";
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to="/admin/questionnaires">{t("admin:questionnaires.title")}</Link>
      </p>
      <h1>
        {t("admin:questionnaires.version_n", { version: d.version })} <QuestionnaireStateTag state={d.state} />
      </h1>
      <Notice />
      <dl className="facts">
        <dt>{t("admin:questionnaires.created_at")}</dt>
        <dd>{formatDateTime(d.createdAt, lang)}</dd>
        <dt>{t("admin:questionnaires.activated_at")}</dt>
        <dd>{d.activatedAt ? formatDateTime(d.activatedAt, lang) : "—"}</dd>
        <dt>{t("admin:questionnaires.responses")}</dt>
        <dd>{formatNumber(d.responses, lang)}</dd>
      </dl>
      <p className="note">{t(`admin:questionnaires.state_help.${d.state}`)}</p>
      <p className="toolbar">
        <Link to={`/admin/questionnaires/${d.version}/preview`} className="button">
          {t("admin:questionnaires.preview")}
        </Link>
        {d.canEdit && d.state !== "active" ? (
          <AdminForm name="activate" intent="activate" className="inline-form">
            <Submit>{t("admin:questionnaires.activate")}</Submit>
          </AdminForm>
        ) : null}
      </p>

      <section aria-labelledby="questions-title">
        <h2 id="questions-title">{t("admin:questionnaires.questions")}</h2>
        <AdminTable
          caption={t("admin:questionnaires.questions_of", { version: d.version })}
          headers={[
            t("admin:questionnaires.q_code"),
            t("admin:questionnaires.q_kind"),
            t("admin:questionnaires.q_label"),
            t("admin:questionnaires.q_options"),
          ]}
        >
          {d.definition.questions.map((q) => (
            <tr key={q.code}>
              <td className="code">
                {q.code}
                {isCoreQuestion(q) ? <span className="tag">{t("admin:questionnaires.core")}</span> : null}
              </td>
              <td>{t(`admin:questionnaires.kinds.${q.kind}`)}</td>
              <td>{q.label?.[lang] ?? (isCoreQuestion(q) ? t("admin:questionnaires.standard_wording") : "—")}</td>
              <td>{q.options?.map((o) => o.label?.[lang] ?? o.code).join("; ") ?? "—"}</td>
            </tr>
          ))}
        </AdminTable>
      </section>

      {editable ? (
        <section className="panel" aria-labelledby="add-rating5-title">
          <h2 id="add-rating5-title">{t("admin:questionnaires.add_rating5.title")}</h2>
          <p className="note">{t("admin:questionnaires.add_rating5.hint")}</p>
          <AdminForm name="add_rating5" intent="add_rating5">
            <TextField
              name="code"
              label={t("admin:questionnaires.add_rating5.code")}
              hint={t("admin:questionnaires.add_rating5.code_hint")}
              maxLength={40}
            />
            {(["label_vi", "label_en", "low_vi", "low_en", "high_vi", "high_en"] as const).map((name) => (
              <TextField key={name} name={name} label={t(`admin:questionnaires.add_rating5.${name}`)} maxLength={300} />
            ))}
            <Submit>{t("admin:questionnaires.add_rating5.submit")}</Submit>
          </AdminForm>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="definition-title">
        <h2 id="definition-title">{t("admin:questionnaires.definition")}</h2>
        {editable ? (
          <AdminForm name="save" intent="save" upload>
            {messages && messages.length > 0 ? (
              <ul className="form-error definition-problems" role="alert">
                {messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
            <TextArea
              name="definition"
              label={t("admin:questionnaires.definition_json")}
              hint={t("admin:questionnaires.definition_hint")}
              defaultValue={d.text}
              rows={24}
              className="code-editor"
            />
            <TextField
              name="file"
              type="file"
              label={t("admin:questionnaires.upload")}
              accept=".json,application/json"
            />
            <Submit>{t("admin:questionnaires.save")}</Submit>
          </AdminForm>
        ) : (
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable block must take focus so keyboard users can scroll it (WCAG 2.1.1)
          <pre className="code-editor" tabIndex={0} aria-label={t("admin:questionnaires.definition_json")}>
            {d.text}
          </pre>
        )}
      </section>
    </div>
  );
}
