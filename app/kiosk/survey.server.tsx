/**
 * The kiosk page, rendered on the server only (hence `.server`: React stays
 * out of the tablet's JavaScript; the browser runs ./client.ts instead).
 *
 * One form holds every step of the survey in both languages; only the current
 * step of the current language is shown and enabled — the others are disabled
 * fieldsets, so they are neither seen, read by screen readers, focused nor
 * submitted. Without JavaScript every tap posts the form (state travels in the
 * hidden fields of #kiosk-state, the server renders the next step); with
 * JavaScript the client switches steps in place and keeps answers in the
 * outbox, never waiting for the network.
 */
import { UNSAFE_RemixContext, useActionData, useLoaderData } from "@remix-run/react";
import { useContext } from "react";
import { DEFAULT_CONTACT_DAYS } from "~db/repositories/case-deadlines";
import { LANGUAGES, type Language } from "~db/schema";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { I18nProvider, useT } from "~/i18n/react";
import type { Bundles } from "~/i18n/translate";
import { IDLE_WARNING_SECONDS, type Step, type SurveyState } from "./machine";
import type { KioskActionResult, KioskConfig, KioskField, KioskPage } from "./page";
import { LanguageChoice, SurveyStateFields, SurveySteps, ThanksStep } from "./steps.server";

export interface KioskViewProps {
  state: SurveyState;
  desk: { name: string; unitName: string };
  /** The officer on duty at the desk, named to the citizen. */
  officer?: string | null;
  fields: KioskField[];
  questionnaire: { version: number; definition: QuestionnaireDefinition };
  i18n: Record<Language, Bundles>;
  config: KioskConfig;
  /** A message from the server (JavaScript off) to show on the current step. */
  error?: string | null;
  /** Days the citizen's phone is kept after the case's conclusion (the setting; 90 in a preview). */
  contactDays?: number;
}

/** The route component: the loader's page, or the state a no-JavaScript post arrived at. */
export function KioskRoute() {
  const loaded = useLoaderData<KioskPage>();
  const acted = useActionData<KioskActionResult>();
  // The build's hash tells an administrator which page a tablet runs (it may come from its cache).
  const build = useContext(UNSAFE_RemixContext)?.manifest.version;
  return (
    <main id="main" className="kiosk-main">
      <KioskView
        state={acted?.state ?? loaded.initial}
        error={acted?.error ?? null}
        desk={loaded.desk}
        officer={loaded.officer}
        fields={loaded.fields}
        questionnaire={loaded.questionnaire}
        i18n={loaded.kioskI18n}
        contactDays={loaded.contactDays}
        config={build ? { ...loaded.config, app: `${loaded.config.app}+${build}` } : loaded.config}
      />
    </main>
  );
}

export function KioskView(props: KioskViewProps) {
  const { state } = props;
  return (
    <form
      method="post"
      action="/kiosk?index"
      className="kiosk"
      data-step={state.step}
      data-rating={state.rating ?? ""}
      data-config={JSON.stringify(props.config)}
    >
      <SurveyStateFields state={state} />
      {LANGUAGES.map((lang) => (
        <I18nProvider key={lang} lang={lang} bundles={props.i18n[lang]}>
          <Screen {...props} current={lang === state.language} />
        </I18nProvider>
      ))}
      {/* For staff: answers still on this tablet, and after "!" answers the server refused (filled by the client). */}
      <small className="kiosk-pending" aria-hidden="true" hidden />
    </form>
  );
}

/** The whole survey in one language. */
function Screen({
  state,
  desk,
  officer,
  fields,
  questionnaire: { definition },
  error,
  current,
  contactDays = DEFAULT_CONTACT_DAYS,
}: KioskViewProps & { current: boolean }) {
  const { t, lang } = useT();
  const on = (step: Step) => current && state.step === step;
  return (
    <div
      className="kiosk-screen"
      data-lang={lang}
      lang={lang}
      hidden={!current}
      data-title={t("titles.suffix", { title: t("titles.kiosk") })}
    >
      <header className="kiosk-header">
        <span>
          {desk.name.includes(desk.unitName) ? desk.name : t("kiosk:desk", { desk: desk.name, unit: desk.unitName })}
        </span>
        {officer ? <span className="kiosk-officer">{t("kiosk:duty.officer", { name: officer })}</span> : null}
        {/* Part of the first step: only the first screen offers the other language. */}
        <LanguageChoice data-step="rate" disabled={!on("rate")} hidden={!on("rate")} />
      </header>
      {error && current ? (
        <p className="kiosk-error" role="alert">
          {error}
        </p>
      ) : null}

      <SurveySteps state={state} definition={definition} current={current} fields={fields} contactDays={contactDays} />
      <ThanksStep on={on("thanks")} />
      {/* The staff corner: an officer signs in to the desk (a separate page, so the PIN is never on this screen). */}
      {on("rate") ? (
        <a href="/kiosk/duty" className="kiosk-staff">
          {t("kiosk:duty.staff")}
        </a>
      ) : null}

      {/* Shown by the client before a survey left alone is sent and the kiosk resets; any touch continues. */}
      <div className="kiosk-idle" role="alert" hidden>
        <p>{t("kiosk:idle_warning", { seconds: IDLE_WARNING_SECONDS })}</p>
        <button type="button" className="kiosk-button primary">
          {t("kiosk:idle_continue")}
        </button>
      </div>
    </div>
  );
}
