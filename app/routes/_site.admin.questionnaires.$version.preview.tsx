import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PREVIEW_STEPS } from "~/admin/questionnaire-preview";
import { loadPreview } from "~/admin/questionnaires.server";
import { adminLinks } from "~/components/admin/links";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { KioskSurvey } from "~/kiosk/survey";
import kioskStyles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [...adminLinks(), { rel: "stylesheet", href: kioskStyles }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "questionnaire_preview") }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadPreview(context.app, request, params.version);
}

/** The kiosk's own screens for a version, read-only: the controls are disabled and nothing is sent. */
export default function QuestionnairePreviewRoute() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="admin-page">
      <p className="breadcrumb">
        <Link to={`/admin/questionnaires/${d.version}`}>
          {t("admin:questionnaires.version_n", { version: d.version })}
        </Link>
      </p>
      <h1>{t("admin:questionnaires.preview_title", { version: d.version })}</h1>
      <nav aria-label={t("admin:questionnaires.preview_steps")} className="toolbar">
        {PREVIEW_STEPS.map((step) => (
          <Link
            key={step}
            to={`?step=${step}&kioskLang=${d.kioskLang}`}
            aria-current={step === d.step ? "page" : undefined}
            className="button small"
          >
            {t(`admin:questionnaires.steps.${step}`)}
          </Link>
        ))}
        {(["vi", "en"] as const).map((l) => (
          <Link
            key={l}
            to={`?step=${d.step}&kioskLang=${l}`}
            aria-current={l === d.kioskLang ? "page" : undefined}
            className="button small"
            hrefLang={l}
          >
            {t(`language.${l}`)}
          </Link>
        ))}
      </nav>
      <p className="note">{t("admin:questionnaires.preview_note")}</p>
      <fieldset disabled className="kiosk-preview">
        <legend className="visually-hidden">{t("admin:questionnaires.preview_title", { version: d.version })}</legend>
        <KioskSurvey
          key={`${d.step}-${d.kioskLang}`}
          initial={d.initial}
          desk={d.desk}
          fields={d.fields}
          questionnaire={d.questionnaire}
          i18n={d.kioskI18n}
        />
      </fieldset>
    </div>
  );
}
