/**
 * The phone survey's page, rendered on the server only (React stays out of
 * the phone's JavaScript: the page needs none). The kiosk's steps
 * (app/kiosk/steps.server.tsx) in one language at a time, as plain form
 * posts; the state travels in hidden fields, as on a kiosk without JavaScript.
 */
import { useLoaderData, useActionData } from "@remix-run/react";
import { LANGUAGES, type Language } from "~db/schema";
import { I18nProvider, useT } from "~/i18n/react";
import { LanguageChoice, SurveyStateFields, SurveySteps } from "~/kiosk/steps.server";
import type { PhonePage, PhoneSurvey } from "./evaluation.server";

export function PhoneRoute() {
  const loaded = useLoaderData<PhonePage>();
  const acted = useActionData<PhonePage>();
  const page = acted ?? loaded;
  const lang: Language = page.kind === "survey" ? page.state.language : "vi";
  return (
    <I18nProvider lang={lang} bundles={page.i18n[lang]}>
      <main id="main" className="phone-main" lang={lang}>
        {page.kind === "survey" ? <Survey page={page} /> : <Message state={page.state} i18n={page.i18n} />}
      </main>
    </I18nProvider>
  );
}

/** Why there is no survey, in Vietnamese and then in English. */
function Message({ state, i18n }: { state: string; i18n: PhonePage["i18n"] }) {
  return (
    <div className="phone-message">
      {LANGUAGES.map((l) => (
        <I18nProvider key={l} lang={l} bundles={i18n[l]}>
          <MessageIn state={state} first={l === "vi"} />
        </I18nProvider>
      ))}
    </div>
  );
}

function MessageIn({ state, first }: { state: string; first: boolean }) {
  const { t, lang } = useT();
  return (
    <section lang={lang} className={first ? "phone-card" : "phone-card phone-other-language"}>
      {first ? <h1>{t(`phone:${state}_title`)}</h1> : <h2>{t(`phone:${state}_title`)}</h2>}
      <p>{t(`phone:${state}_text`)}</p>
    </section>
  );
}

function Survey({ page }: { page: PhoneSurvey }) {
  const { t, lang } = useT();
  const { state } = page;
  const definition = page.questionnaire.definition;
  const on = (step: string) => state.step === step;
  return (
    <form
      method="post"
      action={page.action}
      className="kiosk phone"
      data-step={state.step}
      data-rating={state.rating ?? ""}
    >
      <SurveyStateFields state={state} />
      <header className="phone-header">
        <p className="phone-office">
          <span>{t("phone:office")}</span> <strong>{page.office.unit}</strong>
          {page.office.desk && !page.office.desk.includes(page.office.unit) ? ` — ${page.office.desk}` : null}
        </p>
        {page.field ? (
          <p className="phone-office">
            <span>{t("phone:field")}</span> <strong>{page.field[lang]}</strong>
          </p>
        ) : null}
        {on("rate") ? <LanguageChoice /> : null}
      </header>
      {page.error ? (
        <p className="kiosk-error" role="alert">
          {page.error}
        </p>
      ) : null}
      <SurveySteps state={state} definition={definition} fields={[]} known contactDays={page.contactDays} />
      <p className="kiosk-hint phone-once">{t("phone:once")}</p>
    </form>
  );
}
