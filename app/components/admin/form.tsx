/**
 * Administration forms that work without JavaScript: plain posts, the
 * server's messages next to their fields, and what the user typed kept
 * after a refusal (app/admin/forms.server.ts sends both back).
 */
import { Form, useActionData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { type ReactNode, createContext, useContext, useState } from "react";
import { type FormFailure, type WithFailure, isNotice } from "~/admin/form-state";
import { useT } from "~/i18n/react";

const FormName = createContext("");

/**
 * The last post's result, once its navigation has settled. Remix hands the
 * page an action's data while the loaders still run after it, and changes
 * the location (which rebuilds every AdminForm) only when they are done: a
 * result shown before then invites the user to act on forms about to be
 * rebuilt, losing what they did (a file picked for the next check). Read
 * here, the result and the rebuilt forms appear together.
 */
export function useSettledActionData<T>(): ReturnType<typeof useActionData<T>> {
  const data = useActionData<T>();
  const navigation = useNavigation();
  const [settled, setSettled] = useState(data);
  const afterPost =
    navigation.state === "loading" &&
    navigation.formMethod !== undefined &&
    navigation.formMethod.toUpperCase() !== "GET";
  if (!afterPost && settled !== data) setSettled(data);
  return afterPost ? settled : data;
}

/** The failure of this form on the page, if the last post was it. */
export function useFailure(form: string): FormFailure | null {
  const data = useSettledActionData() as WithFailure | undefined;
  return data?.failure?.form === form ? data.failure : null;
}

/**
 * A post form named `name` (several may share a page) doing `intent`. It is
 * rebuilt after every submission, so a success leaves it empty and a
 * refusal refills it from what the server sent back.
 */
export function AdminForm({
  name,
  intent,
  children,
  className,
  upload,
  label,
}: {
  name: string;
  intent: string;
  children: ReactNode;
  className?: string;
  upload?: boolean;
  /** Accessible name of the form (forms are landmarks only when named). */
  label?: string;
}) {
  const location = useLocation();
  const failure = useFailure(name);
  return (
    <FormName.Provider value={name}>
      <Form
        method="post"
        key={location.key}
        className={className ?? "admin-form"}
        encType={upload ? "multipart/form-data" : undefined}
        aria-label={label}
      >
        <input type="hidden" name="intent" value={intent} />
        {failure?.errors[""] ? (
          <p className="form-error" role="alert">
            {failure.errors[""]}
          </p>
        ) : null}
        {children}
      </Form>
    </FormName.Provider>
  );
}

interface FieldState {
  id: string;
  error: string | undefined;
  value: (fallback: string) => string;
  describedBy: (hint: boolean) => string | undefined;
}

function useField(name: string): FieldState {
  const form = useContext(FormName);
  const failure = useFailure(form);
  const id = `${form}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const error = failure?.errors[name];
  return {
    id,
    error,
    value: (fallback) => (failure ? (failure.values[name] ?? "") : fallback),
    describedBy: (hint) =>
      [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
  };
}

function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </>
  );
}

type InputProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string | number | null;
  type?: "text" | "date" | "password" | "number" | "file" | "email" | "url";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text";
  maxLength?: number;
  accept?: string;
  className?: string;
};

export function TextField({ name, label, hint, defaultValue, type = "text", className, ...rest }: InputProps) {
  const f = useField(name);
  const secret = type === "password" || type === "file";
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={f.id}>{label}</label>
      <input
        id={f.id}
        name={name}
        type={type}
        defaultValue={
          secret ? undefined : f.value(defaultValue === null || defaultValue === undefined ? "" : String(defaultValue))
        }
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy(Boolean(hint))}
        {...rest}
      />
      <FieldMessages id={f.id} hint={hint} error={f.error} />
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  defaultValue,
  rows = 8,
  readOnly,
  className,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string;
  rows?: number;
  readOnly?: boolean;
  className?: string;
}) {
  const f = useField(name);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={f.id}>{label}</label>
      <textarea
        id={f.id}
        name={name}
        rows={rows}
        readOnly={readOnly}
        spellCheck={false}
        defaultValue={f.value(defaultValue ?? "")}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy(Boolean(hint))}
      />
      <FieldMessages id={f.id} hint={hint} error={f.error} />
    </div>
  );
}

export interface Option {
  value: string | number;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  options,
  defaultValue,
  empty,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  options: readonly Option[];
  defaultValue?: string | number | null;
  /** Label of a first, empty choice. */
  empty?: string;
}) {
  const f = useField(name);
  return (
    <div className="field">
      <label htmlFor={f.id}>{label}</label>
      <select
        id={f.id}
        name={name}
        defaultValue={f.value(defaultValue === null || defaultValue === undefined ? "" : String(defaultValue))}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy(Boolean(hint))}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={f.id} hint={hint} error={f.error} />
    </div>
  );
}

export function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
}: {
  name: string;
  legend: ReactNode;
  options: readonly Option[];
  defaultValue: string;
}) {
  const f = useField(name);
  const value = f.value(defaultValue);
  return (
    <fieldset className="field radio-group" aria-describedby={f.describedBy(false)}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} defaultChecked={String(o.value) === value} />
          <span>{o.label}</span>
        </label>
      ))}
      <FieldMessages id={f.id} error={f.error} />
    </fieldset>
  );
}

export function Submit({ children, primary = true }: { children: ReactNode; primary?: boolean }) {
  return (
    <button type="submit" className={`button${primary ? " primary" : ""}`}>
      {children}
    </button>
  );
}

/** The notice a redirect after a successful change asked for (?notice=…). */
export function Notice() {
  const [params] = useSearchParams();
  const { t } = useT();
  const notice = params.get("notice");
  if (!isNotice(notice)) return null;
  const count = params.has("count") ? Number(params.get("count")) : NaN;
  return (
    <p className="notice" role="status">
      {t(`admin:notices.${notice}`, Number.isInteger(count) ? { count } : undefined)}
    </p>
  );
}
