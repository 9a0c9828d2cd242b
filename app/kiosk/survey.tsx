import { useNavigate } from "@remix-run/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type Language, RATINGS, type Rating, type Reason } from "~db/schema";
import { type Question, type QuestionnaireDefinition, extraQuestions, offeredReasons } from "~/domain/questionnaire";
import { I18nProvider, type T, useT } from "~/i18n/react";
import type { Bundles } from "~/i18n/translate";
import { Face } from "./faces";
import { COMMENT_MAX, DOSSIER_MAX, detailsFromForm, readIntent, reasonsFromForm } from "./form";
import { type SurveyState, initialState, newUuid, toSubmission, transition } from "./machine";

/** Seconds the thank-you screen stays before the next citizen's survey. */
export const THANKS_SECONDS = 5;

export interface KioskField {
  code: string;
  name: Record<Language, string>;
}

export interface KioskSurveyProps {
  initial: SurveyState;
  desk: { name: string; unitName: string };
  fields: KioskField[];
  questionnaire: { version: number; definition: QuestionnaireDefinition };
  i18n: Record<Language, Bundles>;
  /** A message from the server (JavaScript off) to show on the current step. */
  error?: string | null;
}

type SendResult = { ok: true } | { ok: false; message: string } | { ok: false; unpaired: true };

/** Sends one response through the ingest API with the kiosk's device cookie. */
async function sendResponse(state: SurveyState, version: number, t: T): Promise<SendResult> {
  try {
    const res = await fetch("/api/v1/responses", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "accept-language": state.language },
      body: JSON.stringify({ responses: [toSubmission(state, version)] }),
    });
    if (res.status === 401) return { ok: false, unpaired: true };
    if (!res.ok) return { ok: false, message: t("kiosk:send_failed") };
    const { results } = (await res.json()) as { results: { status: string; errors?: { message: string }[] }[] };
    if (results[0]?.status === "invalid") {
      return {
        ok: false,
        message: t("kiosk:invalid", { details: results[0].errors?.map((e) => e.message).join(" ") }),
      };
    }
    return { ok: true };
  } catch {
    return { ok: false, message: t("kiosk:send_failed") };
  }
}

export function KioskSurvey(props: KioskSurveyProps) {
  const [state, setState] = useState(props.initial);
  useEffect(() => setState(props.initial), [props.initial]);
  return (
    <I18nProvider lang={state.language} bundles={props.i18n[state.language]}>
      <SurveyForm {...props} state={state} setState={setState} />
    </I18nProvider>
  );
}

function SurveyForm({
  state,
  setState,
  desk,
  fields,
  questionnaire,
  error: serverError,
}: KioskSurveyProps & { state: SurveyState; setState: (s: SurveyState) => void }) {
  const { t, lang } = useT();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(serverError ?? null);
  const [sending, setSending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const extras = extraQuestions(questionnaire.definition);

  useEffect(() => setError(serverError ?? null), [serverError]);
  // Each new step announces itself: move focus to its heading.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [state.step]);

  useEffect(() => {
    if (state.step !== "thanks") return;
    const timer = setTimeout(() => {
      setState(initialState());
      if (window.location.search) navigate("/kiosk", { replace: true });
    }, THANKS_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [state.step, setState, navigate]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const form = new FormData(event.currentTarget, submitter);
    const intent = readIntent(form.get("intent"));
    if (!intent) return;
    event.preventDefault();
    setError(null);
    switch (intent.type) {
      case "rate":
        return setState(
          transition(state, { type: "rate", rating: intent.rating, id: newUuid(), at: new Date().toISOString() })
        );
      case "reasons":
        return setState(transition(state, { type: "reasons", reasons: reasonsFromForm(form) }));
      case "back":
        return setState(transition(state, { type: "back" }));
      case "restart":
        return setState(transition(state, { type: "restart" }));
      case "language":
        return setState(transition(state, { type: "language", language: intent.language }));
      case "send": {
        const filled = transition(state, { type: "details", ...detailsFromForm(form, extras) });
        setState(filled);
        setSending(true);
        const result = await sendResponse(filled, questionnaire.version, t);
        setSending(false);
        if (result.ok) return setState(transition(filled, { type: "sent" }));
        if ("unpaired" in result) return window.location.assign("/kiosk/pair");
        return setError(result.message);
      }
    }
  }

  const hidden = (name: string, value: string) => <input type="hidden" name={name} value={value} />;

  return (
    <form method="post" action="/kiosk?index" className={`kiosk kiosk-step-${state.step}`} onSubmit={onSubmit}>
      {hidden("step", state.step)}
      {hidden("language", state.language)}
      {hidden("id", state.id)}
      {hidden("startedAt", state.startedAt)}
      {hidden("rating", state.rating ?? "")}
      {state.step !== "reasons" && state.reasons.map((r) => <input key={r} type="hidden" name="reasons" value={r} />)}
      <header className="kiosk-header">
        <span className="kiosk-desk">
          {desk.name.includes(desk.unitName) ? desk.name : t("kiosk:desk", { desk: desk.name, unit: desk.unitName })}
        </span>
        {state.step === "rate" ? <LanguageSwitch current={lang} t={t} /> : null}
      </header>

      {error ? (
        <p className="kiosk-error" role="alert">
          {error}
        </p>
      ) : null}

      {state.step === "rate" ? (
        <section className="kiosk-body">
          <h1 className="kiosk-question" ref={heading} tabIndex={-1}>
            {t("kiosk:question")}
          </h1>
          <p className="kiosk-hint">{t("kiosk:hint")}</p>
          <fieldset className="faces">
            <legend className="visually-hidden">{t("kiosk:rating_group")}</legend>
            {RATINGS.map((rating) => (
              <button
                key={rating}
                type="submit"
                name="intent"
                value={`rate:${rating}`}
                className={`face-button face-button-${rating}`}
              >
                <Face rating={rating} />
                <span className="face-label">{t(`ratings.${rating}`)}</span>
              </button>
            ))}
          </fieldset>
          <p className="kiosk-anonymous">{t("kiosk:anonymous")}</p>
        </section>
      ) : null}

      {state.step === "reasons" ? (
        <ReasonsStep
          state={state}
          reasons={offeredReasons(questionnaire.definition)}
          question={questionnaire.definition.questions.find((q) => q.code === "reasons")}
          t={t}
          lang={lang}
          heading={heading}
        />
      ) : null}

      {state.step === "details" ? (
        <DetailsStep
          state={state}
          fields={fields}
          extras={extras}
          t={t}
          lang={lang}
          heading={heading}
          sending={sending}
        />
      ) : (
        <DetailsHidden state={state} />
      )}

      {state.step === "thanks" ? (
        <section className="kiosk-body kiosk-thanks" aria-live="polite">
          <h1 ref={heading} tabIndex={-1}>
            {t("kiosk:thanks")}
          </h1>
          <p>{t("kiosk:thanks_text")}</p>
          <p className="kiosk-hint">{t("kiosk:thanks_reset", { seconds: THANKS_SECONDS })}</p>
          <button type="submit" name="intent" value="restart" className="kiosk-button">
            {t("kiosk:next_citizen")}
          </button>
        </section>
      ) : null}
    </form>
  );
}

function LanguageSwitch({ current, t }: { current: Language; t: T }) {
  return (
    <div className="kiosk-languages" role="group" aria-label={t("nav.language")}>
      {(["vi", "en"] as const).map((l) => (
        <button
          key={l}
          type="submit"
          name="intent"
          value={`lang:${l}`}
          lang={l}
          aria-pressed={current === l}
          className="kiosk-language"
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}

interface StepProps {
  state: SurveyState;
  t: T;
  lang: Language;
  heading: React.RefObject<HTMLHeadingElement>;
}

function ReasonsStep({
  state,
  reasons,
  question,
  t,
  lang,
  heading,
}: StepProps & { reasons: Reason[]; question?: Question }) {
  return (
    <section className="kiosk-body">
      <h1 className="kiosk-question" ref={heading} tabIndex={-1}>
        {question?.label?.[lang] ?? t("kiosk:reasons_question")}
      </h1>
      <fieldset className="reasons">
        <legend className="kiosk-hint">{t("kiosk:reasons_hint")}</legend>
        {reasons.map((code) => {
          const label = question?.options?.find((o) => o.code === code)?.label?.[lang] ?? t(`reasons.${code}`);
          return (
            <label key={code} className={`reason-tile reason-${code}`}>
              <input type="checkbox" name="reasons" value={code} defaultChecked={state.reasons.includes(code)} />
              <span>{label}</span>
            </label>
          );
        })}
      </fieldset>
      <div className="kiosk-actions">
        <button type="submit" name="intent" value="reasons" className="kiosk-button primary">
          {t("kiosk:continue")}
        </button>
        <button type="submit" name="intent" value="back" className="kiosk-button">
          {t("kiosk:back")}
        </button>
      </div>
    </section>
  );
}

function DetailsStep({
  state,
  fields,
  extras,
  t,
  lang,
  heading,
  sending,
}: StepProps & { fields: KioskField[]; extras: Question[]; sending: boolean }) {
  return (
    <section className="kiosk-body kiosk-details">
      <h1 className="kiosk-question" ref={heading} tabIndex={-1}>
        {t("kiosk:details_title")}
      </h1>
      <p className="kiosk-hint">{t("kiosk:your_rating", { rating: t(`ratings.${state.rating}`) })}</p>
      <p className="kiosk-hint">{t("kiosk:details_hint")}</p>
      <div className="kiosk-actions">
        <button type="submit" name="intent" value="send" className="kiosk-button primary" disabled={sending}>
          {sending ? t("kiosk:sending") : t("kiosk:send")}
        </button>
        <button type="submit" name="intent" value="back" className="kiosk-button">
          {t("kiosk:back")}
        </button>
        <button type="submit" name="intent" value="restart" className="kiosk-button">
          {t("kiosk:restart")}
        </button>
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
        <fieldset className="kiosk-field choice-row">
          <legend>{t("kiosk:on_time")}</legend>
          {(
            [
              ["yes", "kiosk:on_time_yes"],
              ["no", "kiosk:on_time_no"],
              ["", "kiosk:on_time_unknown"],
            ] as const
          ).map(([value, key]) => (
            <label key={value} className="choice">
              <input type="radio" name="onTime" value={value} defaultChecked={state.onTime === value} />
              <span>{t(key)}</span>
            </label>
          ))}
        </fieldset>
        {extras.map((q) => (
          <ExtraQuestion key={q.code} question={q} value={state.answers[q.code]} t={t} lang={lang} />
        ))}
        <label className="kiosk-field kiosk-comment">
          <span>{t("kiosk:comment")}</span>
          <textarea name="comment" defaultValue={state.comment} maxLength={COMMENT_MAX} rows={3} />
          <small>
            {t("kiosk:comment_hint", { max: COMMENT_MAX.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB") })}
          </small>
        </label>
      </div>
    </section>
  );
}

/** Keeps typed details when the citizen steps back (JavaScript off). */
function DetailsHidden({ state }: { state: SurveyState }) {
  return (
    <>
      <input type="hidden" name="fieldCode" value={state.fieldCode} />
      <input type="hidden" name="dossierCode" value={state.dossierCode} />
      <input type="hidden" name="onTime" value={state.onTime} />
      <input type="hidden" name="comment" value={state.comment} />
      {Object.entries(state.answers).flatMap(([code, value]) =>
        (Array.isArray(value) ? value : [typeof value === "boolean" ? (value ? "yes" : "no") : value]).map((v) => (
          <input key={`${code}:${v}`} type="hidden" name={`answer.${code}`} value={v} />
        ))
      )}
    </>
  );
}

function ExtraQuestion({
  question,
  value,
  t,
  lang,
}: {
  question: Question;
  value: SurveyState["answers"][string] | undefined;
  t: T;
  lang: Language;
}) {
  const name = `answer.${question.code}`;
  const label = question.label?.[lang] ?? question.code;
  if (question.kind === "text") {
    return (
      <label className="kiosk-field">
        <span>{label}</span>
        <input
          name={name}
          defaultValue={typeof value === "string" ? value : ""}
          maxLength={question.maxLength ?? 500}
        />
      </label>
    );
  }
  const options: [string, string][] =
    question.kind === "rating"
      ? RATINGS.map((r: Rating) => [r, t(`ratings.${r}`)])
      : question.kind === "yes_no"
      ? [
          ["yes", t("kiosk:yes")],
          ["no", t("kiosk:no")],
        ]
      : (question.options ?? []).map((o) => [o.code, o.label?.[lang] ?? o.code]);
  const multi = question.kind === "multi_choice";
  const checked = (code: string) =>
    Array.isArray(value)
      ? value.includes(code)
      : typeof value === "boolean"
      ? (value ? "yes" : "no") === code
      : value === code;
  return (
    <fieldset className="kiosk-field choice-row">
      <legend>{label}</legend>
      {options.map(([code, text]) => (
        <label key={code} className="choice">
          <input type={multi ? "checkbox" : "radio"} name={name} value={code} defaultChecked={checked(code)} />
          <span>{text}</span>
        </label>
      ))}
    </fieldset>
  );
}
