/**
 * A questionnaire version as the kiosk shows it, read-only. Like the kiosk this
 * page is rendered on the server only (the kiosk view is server-only code), so
 * it is standalone: no Remix runtime in the browser, links are plain links.
 */
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { type ClientLoaderFunctionArgs, Link, useLoaderData } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { PREVIEW_STEPS } from "~/admin/questionnaire-preview";
import { loadPreview } from "~/admin/questionnaires.server";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { KioskView } from "~/kiosk/survey.server";
import type { RouteHandle } from "~/root";
import kioskStyles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [...adminLinks(), { rel: "stylesheet", href: kioskStyles }];
export const meta = adminMeta("questionnaire_preview");

export const handle: RouteHandle = { standalone: true };

/** Reached by an in-app navigation: load it as a document (the view is not in the browser bundle). */
export function clientLoader({ request }: ClientLoaderFunctionArgs): Promise<never> {
  window.location.assign(request.url);
  return new Promise(() => {});
}

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadPreview, "version");

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
        <KioskView
          state={d.initial}
          desk={d.desk}
          fields={d.fields}
          questionnaire={d.questionnaire}
          i18n={d.kioskI18n}
          config={d.config}
        />
      </fieldset>
    </div>
  );
}
