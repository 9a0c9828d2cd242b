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
import { type ReactNode, useContext } from "react";
import { LANGUAGES, type Language, type Reason } from "~db/schema";
import {
  type Question,
  type QuestionnaireDefinition,
  extraQuestions,
  offeredReasons,
  overallLevels,
  scaleLevels,
} from "~/domain/questionnaire";
import { I18nProvider, type T, useT } from "~/i18n/react";
import type { Bundles } from "~/i18n/translate";
import { Face } from "./faces";
import { COMMENT_MAX, DOSSIER_MAX } from "./form";
import type { KioskActionResult, KioskConfig, loadKiosk } from "./kiosk.server";
import { type ExtraAnswer, IDLE_WARNING_SECONDS, type Step, type SurveyState, THANKS_SECONDS } from "./machine";

export interface KioskField {
  code: string;
  name: Record<Language, string>;
}

export interface KioskViewProps {
  state: SurveyState;
  desk: { name: string; unitName: string };
  fields: KioskField[];
  questionnaire: { version: number; definition: QuestionnaireDefinition };
  i18n: Record<Language, Bundles>;
  config: KioskConfig;
  /** A message from the server (JavaScript off) to show on the current step. */
  error?: string | null;
}

/** The route component: the loader's page, or the state a no-JavaScript post arrived at. */
export function KioskRoute() {
  const loaded = useLoaderData<Awaited<ReturnType<typeof loadKiosk>>["body"]>();
  const acted = useActionData<KioskActionResult>();
  // The build's hash tells an administrator which page a tablet runs (it may come from its cache).
  const build = useContext(UNSAFE_RemixContext)?.manifest.version;
  return (
    <main id="main" className="kiosk-main">
      <KioskView
        state={acted?.state ?? loaded.initial}
        error={acted?.error ?? null}
        desk={loaded.desk}
        fields={loaded.fields}
        questionnaire={loaded.questionnaire}
        i18n={loaded.kioskI18n}
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
      <fieldset id="kiosk-state" hidden>
        <input type="hidden" name="step" value={state.step} />
        <input type="hidden" name="language" value={state.language} />
        <input type="hidden" name="id" value={state.id} />
        <input type="hidden" name="startedAt" value={state.startedAt} />
        <input type="hidden" name="rating" value={state.rating ?? ""} />
        {state.step !== "reasons" && state.reasons.map((r) => <input key={r} type="hidden" name="reasons" value={r} />)}
        {state.step !== "details" ? <DetailsHidden state={state} /> : null}
      </fieldset>
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
  fields,
  questionnaire: { definition },
  error,
  current,
}: KioskViewProps & { current: boolean }) {
  const { t, lang } = useT();
  const on = (step: Step) => current && state.step === step;
  const reasonsQuestion = definition.questions.find((q) => q.code === "reasons");
  const heading = (text: string) => (
    <h1 className="kiosk-question" tabIndex={-1}>
      {text}
    </h1>
  );
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
        {/* Part of the first step: only the first screen offers the other language. */}
        <fieldset className="kiosk-languages" data-step="rate" disabled={!on("rate")} hidden={!on("rate")}>
          <legend className="visually-hidden">{t("nav.language")}</legend>
          {LANGUAGES.map((l) => (
            <button
              key={l}
              type="submit"
              name="intent"
              value={`lang:${l}`}
              lang={l}
              aria-pressed={lang === l}
              className="kiosk-language"
            >
              {t(`language.${l}`)}
            </button>
          ))}
        </fieldset>
      </header>
      {error && current ? (
        <p className="kiosk-error" role="alert">
          {error}
        </p>
      ) : null}

      <StepSection step="rate" on={on("rate")}>
        {heading(t("kiosk:question"))}
        <p className="kiosk-hint">{t("kiosk:hint")}</p>
        {/* A radio group: each face is reachable on its own without JavaScript; the client makes it one tab stop with arrow keys. */}
        <fieldset
          className={`faces faces-${overallLevels(definition).length}`}
          role="radiogroup"
          aria-labelledby={`faces-${lang}`}
        >
          <legend id={`faces-${lang}`} className="visually-hidden">
            {t("kiosk:rating_group")}
          </legend>
          {overallLevels(definition).map((rating) => (
            <button
              key={rating}
              type="submit"
              name="intent"
              value={`rate:${rating}`}
              role="radio"
              aria-checked={state.rating === rating}
              className="face-button"
            >
              <Face rating={rating} />
              <span className="face-label">{t(`ratings.${rating}`)}</span>
            </button>
          ))}
        </fieldset>
        <p className="kiosk-hint">{t("kiosk:anonymous")}</p>
      </StepSection>

      <StepSection step="reasons" on={on("reasons")}>
        {heading(reasonsQuestion?.label?.[lang] ?? t("kiosk:reasons_question"))}
        <fieldset className="reasons">
          <legend className="kiosk-hint">{t("kiosk:reasons_hint")}</legend>
          {offeredReasons(definition).map((code: Reason) => (
            <label key={code} className="reason-tile">
              <input type="checkbox" name="reasons" value={code} defaultChecked={state.reasons.includes(code)} />
              <span>
                {reasonsQuestion?.options?.find((o) => o.code === code)?.label?.[lang] ?? t(`reasons.${code}`)}
              </span>
            </label>
          ))}
        </fieldset>
        <div className="kiosk-actions">
          <Intent value="reasons" primary>
            {t("kiosk:continue")}
          </Intent>
          <Intent value="back">{t("kiosk:back")}</Intent>
        </div>
      </StepSection>

      <StepSection step="details" on={on("details")}>
        {heading(t("kiosk:details_title"))}
        <p className="kiosk-hint">
          {/* The line of the chosen rating shows (CSS on the form's data-rating). */}
          {overallLevels(definition).map((r) => (
            <span key={r} className={`chose chose-${r}`}>
              {t("kiosk:your_rating", { rating: t(`ratings.${r}`) })}
            </span>
          ))}
        </p>
        <p className="kiosk-hint">{t("kiosk:details_hint")}</p>
        <div className="kiosk-actions">
          <Intent value="send" primary>
            {t("kiosk:send")}
          </Intent>
          <Intent value="back">{t("kiosk:back")}</Intent>
          <Intent value="restart">{t("kiosk:restart")}</Intent>
        </div>
        <div className="details-grid">
          <label className="kiosk-field">
            <span>{t("kiosk:field")}</span>
            <select name="fieldCode" defaultValue={state.fieldCode}>
              <option value="">{t("kiosk:field_none")}</option>
              {fields.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name[lang]}
                </option>
              ))}
            </select>
          </label>
          <label className="kiosk-field">
            <span>{t("kiosk:dossier_code")}</span>
            <input
              name="dossierCode"
              defaultValue={state.dossierCode}
              maxLength={DOSSIER_MAX}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <Choices
            name="onTime"
            legend={t("kiosk:on_time")}
            options={(["yes", "no", ""] as const).map((v) => [v, t(`kiosk:on_time_${v || "unknown"}`)])}
            value={state.onTime}
          />
          {extraQuestions(definition).map((q) => (
            <ExtraQuestion key={q.code} question={q} value={state.answers[q.code]} t={t} lang={lang} />
          ))}
          <label className="kiosk-field kiosk-comment">
            <span>{t("kiosk:comment")}</span>
            <textarea name="comment" defaultValue={state.comment} maxLength={COMMENT_MAX} rows={2} />
            <small>{t("kiosk:comment_hint", { max: COMMENT_MAX.toLocaleString(lang) })}</small>
          </label>
        </div>
      </StepSection>

      <StepSection step="thanks" on={on("thanks")}>
        <h1 tabIndex={-1}>{t("kiosk:thanks")}</h1>
        <p>{t("kiosk:thanks_text")}</p>
        <p className="kiosk-hint">{t("kiosk:thanks_reset", { seconds: THANKS_SECONDS })}</p>
        <Intent value="restart">{t("kiosk:next_citizen")}</Intent>
      </StepSection>

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

/** One step: shown and enabled only when current (a disabled fieldset submits nothing). */
function StepSection({ step, on, children }: { step: Step; on: boolean; children: ReactNode }) {
  return (
    <fieldset role="none" className="kiosk-step" data-step={step} disabled={!on} hidden={!on}>
      <div className={`kiosk-body kiosk-${step}`}>{children}</div>
    </fieldset>
  );
}

function Intent({ value, primary, children }: { value: string; primary?: boolean; children: ReactNode }) {
  return (
    <button type="submit" name="intent" value={value} className={primary ? "kiosk-button primary" : "kiosk-button"}>
      {children}
    </button>
  );
}

/** A row of radio buttons (or checkboxes) as pill-shaped touch targets. */
function Choices({
  name,
  legend,
  options,
  value,
  multi,
}: {
  name: string;
  legend: string;
  options: (readonly [string, string])[];
  value: ExtraAnswer | undefined;
  multi?: boolean;
}) {
  const chosen = typeof value === "boolean" ? [value ? "yes" : "no"] : [value ?? []].flat();
  return (
    <fieldset className="kiosk-field choice-row">
      <legend>{legend}</legend>
      {options.map(([code, text]) => (
        <label key={code} className="choice">
          <input type={multi ? "checkbox" : "radio"} name={name} value={code} defaultChecked={chosen.includes(code)} />
          <span>{text}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Keeps typed details when the citizen steps back (JavaScript off). */
function DetailsHidden({ state }: { state: SurveyState }) {
  return (
    <>
      {(["fieldCode", "dossierCode", "onTime", "comment"] as const).map((k) => (
        <input key={k} type="hidden" name={k} value={state[k]} />
      ))}
      {Object.entries(state.answers).flatMap(([code, value]) =>
        (typeof value === "boolean" ? [value ? "yes" : "no"] : [value].flat()).map((v) => (
          <input key={`${code}:${v}`} type="hidden" name={`answer.${code}`} value={v} />
        ))
      )}
    </>
  );
}

function ExtraQuestion({
  question: q,
  value,
  t,
  lang,
}: {
  question: Question;
  value: ExtraAnswer | undefined;
  t: T;
  lang: Language;
}) {
  const name = `answer.${q.code}`;
  const label = q.label?.[lang] ?? q.code;
  if (q.kind === "text") {
    return (
      <label className="kiosk-field">
        <span>{label}</span>
        <input name={name} defaultValue={typeof value === "string" ? value : ""} maxLength={q.maxLength ?? 500} />
      </label>
    );
  }
  return (
    <Choices
      name={name}
      legend={label}
      multi={q.kind === "multi_choice"}
      value={value}
      options={
        q.kind === "rating"
          ? scaleLevels(q.scale).map((r) => [r, t(`ratings.${r}`)] as const)
          : q.kind === "yes_no"
          ? (["yes", "no"] as const).map((v) => [v, t(`kiosk:${v}`)] as const)
          : (q.options ?? []).map((o) => [o.code, o.label?.[lang] ?? o.code] as const)
      }
    />
  );
}
