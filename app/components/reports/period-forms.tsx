/** The dashboard's two ways to choose a period: a shortcut (month, quarter, half year, year) or a range of dates. */
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/react";

const KINDS = ["month", "quarter", "half", "year"] as const;

export interface PeriodChoice {
  code: string;
  label: string;
}

export function PeriodForms({
  form,
  errors,
  shortcuts,
  current,
  unit,
  channel,
}: {
  /** What the user typed, shown again. */
  form: { from: string; to: string; period: string; unit: string };
  errors: Record<string, string>;
  shortcuts: Record<(typeof KINDS)[number], readonly PeriodChoice[]>;
  /** The period shown, when there is a report. */
  current?: { code: string | null; label: string; from: string; to: string };
  /** The unit code the forms keep. */
  unit: string;
  /** The channel chosen ("" for all; ADR 055). */
  channel?: string;
}) {
  const { t } = useT();
  // Where citizens answered: every channel, the tablets or their phones (ADR 055).
  const channelChoice = (id: string) => (
    <label>
      <span>{t("reports:channels.filter")}</span>
      <select name="channel" id={id} defaultValue={channel || "all"}>
        <option value="all">{t("reports:channels.all")}</option>
        <option value="kiosk">{t("reports:channels.kiosk")}</option>
        <option value="phone">{t("reports:channels.phone")}</option>
      </select>
    </label>
  );
  return (
    <div className="period-forms">
      <Form method="get" className="period-form" aria-labelledby="period-shortcut-title">
        <h2 id="period-shortcut-title" className="form-title">
          {t("reports:form.shortcut_title")}
        </h2>
        {unit ? <input type="hidden" name="unit" value={unit} /> : null}
        <label>
          <span>{t("reports:form.period")}</span>
          <select
            name="period"
            defaultValue={current?.code ?? form.period}
            aria-invalid={errors.period ? true : undefined}
            aria-describedby={errors.period ? "period-error" : undefined}
          >
            {current && !current.code ? <option value="">{current.label}</option> : null}
            {KINDS.map((kind) => (
              <optgroup key={kind} label={t(`reports:form.kinds.${kind}`)}>
                {shortcuts[kind].map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {errors.period ? (
          <p id="period-error" className="field-error">
            {errors.period}
          </p>
        ) : null}
        {channelChoice("channel-shortcut")}
        <button type="submit" className="button">
          {t("reports:form.show")}
        </button>
      </Form>
      <Form method="get" className="period-form" aria-labelledby="period-range-title">
        <h2 id="period-range-title" className="form-title">
          {t("reports:form.range_title")}
        </h2>
        {unit ? <input type="hidden" name="unit" value={unit} /> : null}
        {(["from", "to"] as const).map((field) => (
          <label key={field}>
            <span>{t(`reports:form.${field}`)}</span>
            <input
              type="date"
              name={field}
              defaultValue={form[field] || (current ? current[field] : "")}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `${field}-error` : undefined}
            />
            {errors[field] ? (
              <span id={`${field}-error`} className="field-error">
                {errors[field]}
              </span>
            ) : null}
          </label>
        ))}
        {channelChoice("channel-range")}
        <button type="submit" className="button">
          {t("reports:form.show")}
        </button>
      </Form>
      {errors.unit ? (
        <p className="form-error" role="alert">
          {errors.unit}
        </p>
      ) : null}
      {errors.channel ? (
        <p className="form-error" role="alert">
          {errors.channel}
        </p>
      ) : null}
    </div>
  );
}
