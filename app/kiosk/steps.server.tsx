/**
 * The survey's steps, one component each, as the kiosk page renders them
 * (survey.server.tsx) in each language.
 */
import type { FieldsetHTMLAttributes, ReactNode } from "react";
import { LANGUAGES, type Language } from "~db/schema";
import {
  type Question as ExtraQuestionSpec,
  type QuestionnaireDefinition,
  extraQuestions,
  SCORES,
  offeredReasons,
  overallLevels,
  scaleLevels,
} from "~/domain/questionnaire";
import { PHONE_INPUT_MAX } from "~/domain/phone";
import type { Reason } from "~/domain/response";
import { type T, useT } from "~/i18n/react";
import { Face } from "./faces";
import { COMMENT_MAX, DOSSIER_MAX } from "./form";
import { type ExtraAnswer, type Step, type SurveyState, THANKS_SECONDS } from "./machine";
import type { KioskField } from "./page";

/** A step's question, focused by the client when the step shows. */
function Question({ children }: { children: ReactNode }) {
  return (
    <h1 className="kiosk-question" tabIndex={-1}>
      {children}
    </h1>
  );
}

/** What every question step is given: whether it is the current one, the survey so far, and the version's questions. */
interface StepProps {
  on: boolean;
  state: SurveyState;
  definition: QuestionnaireDefinition;
}

export function RateStep({ on, state, definition }: StepProps) {
  const { t, lang } = useT();
  return (
    <StepSection step="rate" on={on}>
      <Question>{t("kiosk:question")}</Question>
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
  );
}

export function ReasonsStep({ on, state, definition }: StepProps) {
  const { t, lang } = useT();
  const reasonsQuestion = definition.questions.find((q) => q.code === "reasons");
  return (
    <StepSection step="reasons" on={on}>
      <Question>{reasonsQuestion?.label?.[lang] ?? t("kiosk:reasons_question")}</Question>
      <fieldset className="reasons">
        <legend className="kiosk-hint">{t("kiosk:reasons_hint")}</legend>
        {offeredReasons(definition).map((code: Reason) => (
          <label key={code} className="reason-tile">
            <input type="checkbox" name="reasons" value={code} defaultChecked={state.reasons.includes(code)} />
            <span>{reasonsQuestion?.options?.find((o) => o.code === code)?.label?.[lang] ?? t(`reasons.${code}`)}</span>
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
  );
}

/**
 * The optional contact step after a harassment complaint (ADR 048): a phone
 * to be contacted about it, with what consenting means (Nghị định
 * 13/2023/NĐ-CP: purpose, who sees it, how long it is kept). Skipping is one
 * tap, as large as leaving the number.
 */
export function ContactStep({ on, days }: { on: boolean; days: number }) {
  const { t } = useT();
  return (
    <StepSection step="contact" on={on}>
      <Question>{t("kiosk:contact_question")}</Question>
      <p className="kiosk-consent">{t("kiosk:contact_consent", { days })}</p>
      {/* Shown by the client (JavaScript on) when the number is not a Vietnamese mobile number. */}
      <p className="kiosk-error kiosk-phone-error" role="alert" hidden>
        {t("kiosk:contact_invalid")}
      </p>
      <label className="kiosk-field kiosk-phone">
        <span>{t("kiosk:contact_phone")}</span>
        <input
          name="contactPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={PHONE_INPUT_MAX}
          placeholder="09xx xxx xxx"
        />
      </label>
      <div className="kiosk-actions kiosk-contact-actions">
        <Intent value="contact" primary>
          {t("kiosk:contact_leave")}
        </Intent>
        <Intent value="skip" primary>
          {t("kiosk:contact_skip")}
        </Intent>
        <Intent value="back">{t("kiosk:back")}</Intent>
      </div>
    </StepSection>
  );
}

/** `known`: the procedure's field and the dossier are known already (the citizen's phone link), so not asked. */
export function DetailsStep({
  on,
  state,
  definition,
  fields,
  known,
}: StepProps & { fields: KioskField[]; known?: boolean }) {
  const { t, lang } = useT();
  return (
    <StepSection step="details" on={on}>
      <Question>{t("kiosk:details_title")}</Question>
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
        <label className="kiosk-field" hidden={known}>
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
        <label className="kiosk-field" hidden={known}>
          <span>{t("kiosk:dossier_code")}</span>
          <input
            name="dossierCode"
            defaultValue={state.dossierCode}
            maxLength={DOSSIER_MAX}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        {/* Shown by the client where the browser can read the receipt's code with the camera (./scan.ts). */}
        <div className="kiosk-scan-box" hidden>
          <button type="button" className="kiosk-button kiosk-scan">
            {t("kiosk:scan")}
          </button>
          <video className="kiosk-scan-video" hidden muted playsInline aria-label={t("kiosk:scan_camera")} />
        </div>
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
  );
}

export function ThanksStep({ on }: { on: boolean }) {
  const { t } = useT();
  return (
    <StepSection step="thanks" on={on}>
      <h1 tabIndex={-1}>{t("kiosk:thanks")}</h1>
      <p>{t("kiosk:thanks_text")}</p>
      <p className="kiosk-hint">{t("kiosk:thanks_reset", { seconds: THANKS_SECONDS })}</p>
      <Intent value="restart">{t("kiosk:next_citizen")}</Intent>
    </StepSection>
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

export function Intent({ value, primary, children }: { value: string; primary?: boolean; children: ReactNode }) {
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
  className,
}: {
  name: string;
  legend: string;
  options: (readonly [string, string])[];
  value: ExtraAnswer | undefined;
  multi?: boolean;
  className?: string;
}) {
  const chosen = typeof value === "boolean" ? [value ? "yes" : "no"] : [value ?? []].flat();
  return (
    <fieldset className={className ? `kiosk-field choice-row ${className}` : "kiosk-field choice-row"}>
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

/**
 * The survey so far in hidden fields (#kiosk-state): how it travels with each
 * post when no script keeps it (the kiosk without JavaScript, the phone page).
 * A step's own answers come from its inputs instead.
 */
export function SurveyStateFields({ state }: { state: SurveyState }) {
  return (
    <fieldset id="kiosk-state" hidden>
      <input type="hidden" name="step" value={state.step} />
      <input type="hidden" name="language" value={state.language} />
      <input type="hidden" name="id" value={state.id} />
      <input type="hidden" name="startedAt" value={state.startedAt} />
      <input type="hidden" name="rating" value={state.rating ?? ""} />
      {state.step !== "reasons" && state.reasons.map((r) => <input key={r} type="hidden" name="reasons" value={r} />)}
      {state.step !== "details" ? <DetailsHidden state={state} /> : null}
      <input type="hidden" name="contactAsked" value={state.contactAsked ? "1" : ""} />
      {state.step !== "contact" ? <input type="hidden" name="contactPhone" value={state.contactPhone} /> : null}
    </fieldset>
  );
}

/**
 * The question steps in order, the current one (`current`, when this is the
 * language shown) enabled. `fields`: the procedure fields to pick from;
 * `known`: the field and the dossier are known already (the phone link).
 */
export function SurveySteps({
  state,
  definition,
  current = true,
  fields,
  known,
  contactDays,
}: {
  state: SurveyState;
  definition: QuestionnaireDefinition;
  current?: boolean;
  fields: KioskField[];
  known?: boolean;
  contactDays: number;
}) {
  const on = (step: Step) => current && state.step === step;
  return (
    <>
      <RateStep on={on("rate")} state={state} definition={definition} />
      <ReasonsStep on={on("reasons")} state={state} definition={definition} />
      <ContactStep on={on("contact")} days={contactDays} />
      <DetailsStep on={on("details")} state={state} definition={definition} fields={fields} known={known} />
    </>
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
  question: ExtraQuestionSpec;
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
  if (q.kind === "rating5") {
    return (
      <Choices
        name={name}
        legend={label}
        className="score-row"
        value={value}
        options={SCORES.map((score) => {
          // 1 and 5 carry the version's words for them: «1 – Rất kém» … «5 – Rất tốt».
          const end = score === "1" ? q.ends?.low[lang] : score === "5" ? q.ends?.high[lang] : undefined;
          return [score, end ? `${score} – ${end}` : score] as const;
        })}
      />
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

/** The buttons that switch the survey to another language, the current one pressed (the kiosk's and the phone page's). */
export function LanguageChoice(fieldset: FieldsetHTMLAttributes<HTMLFieldSetElement> & { "data-step"?: Step }) {
  const { t, lang } = useT();
  return (
    <fieldset className="kiosk-languages" {...fieldset}>
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
  );
}
