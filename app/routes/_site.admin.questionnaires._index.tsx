import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadQuestionnaires, questionnairesAction } from "~/admin/questionnaires.server";
import { AdminForm, Notice, SelectField, Submit } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { QuestionnaireStateTag } from "~/components/admin/questionnaire-state";
import { formatDateTime, formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("questionnaires");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadQuestionnaires);

export const action = (args: ActionFunctionArgs) => adminAct(args, questionnairesAction);

export default function QuestionnairesRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const active = d.versions.find((v) => v.state === "active");
  return (
    <div className="admin-page">
      <h1>{t("admin:questionnaires.title")}</h1>
      <Notice />
      <p>{t("admin:questionnaires.intro")}</p>
      {d.canEdit ? null : <p className="note">{t("admin:read_only_installation")}</p>}
      {d.versions.length === 0 ? (
        <p className="empty">{t("admin:questionnaires.none")}</p>
      ) : (
        <AdminTable
          caption={t("admin:questionnaires.list")}
          headers={[
            t("admin:questionnaires.version"),
            t("admin:questionnaires.state"),
            t("admin:questionnaires.questions"),
            t("admin:questionnaires.responses"),
            t("admin:questionnaires.created_at"),
            t("admin:questionnaires.activated_at"),
          ]}
        >
          {d.versions.map((v) => (
            <tr key={v.version}>
              <td>
                <Link to={`/admin/questionnaires/${v.version}`}>
                  {t("admin:questionnaires.version_n", { version: v.version })}
                </Link>
              </td>
              <td>
                <QuestionnaireStateTag state={v.state} />
              </td>
              <td>{formatNumber(v.questions, lang)}</td>
              <td>{formatNumber(v.responses, lang)}</td>
              <td className="nowrap">{formatDateTime(v.createdAt, lang)}</td>
              <td className="nowrap">{v.activatedAt ? formatDateTime(v.activatedAt, lang) : "—"}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      {d.canEdit ? (
        <section className="panel" aria-labelledby="create-title">
          <h2 id="create-title">{t("admin:questionnaires.create")}</h2>
          <p className="field-hint">{t("admin:questionnaires.create_hint")}</p>
          <AdminForm name="create" intent="create">
            <SelectField
              name="from"
              label={t("admin:questionnaires.copy_from")}
              options={d.versions.map((v) => ({
                value: v.version,
                label: t("admin:questionnaires.version_n", { version: v.version }),
              }))}
              defaultValue={active?.version ?? ""}
              empty={t("admin:questionnaires.from_default")}
            />
            <SelectField
              name="template"
              label={t("admin:questionnaire_templates.label")}
              hint={t("admin:questionnaire_templates.hint")}
              options={d.templates.map((value) => ({
                value,
                label: t(`admin:questionnaire_templates.names.${value}`),
              }))}
              defaultValue=""
              empty={t("admin:questionnaire_templates.none")}
            />
            <Submit>{t("admin:questionnaires.create_submit")}</Submit>
          </AdminForm>
        </section>
      ) : null}
    </div>
  );
}
