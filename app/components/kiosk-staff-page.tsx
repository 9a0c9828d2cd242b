/**
 * The frame of the tablet's staff pages (pairing a tablet, an officer's duty
 * sign-in): the heading, what comes before the form, the form's fields, the
 * server's error under them and the button, then what comes after. Plain
 * document posts: the same with JavaScript on or off.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** What the field the error is about carries, so that it is announced with it. */
export interface ErrorLink {
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

export function KioskStaffPage({
  title,
  before,
  intent,
  autoComplete,
  fields,
  error,
  errorId,
  submit,
  after,
}: {
  title: string;
  before?: ReactNode;
  /** The form's intent, when the page has several. */
  intent?: string;
  autoComplete?: "off";
  fields: (link: ErrorLink) => ReactNode;
  error: string | null | undefined;
  errorId: string;
  submit: string;
  after?: ReactNode;
}) {
  const link: ErrorLink = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : undefined };
  return (
    <main id="main" className="kiosk-main">
      <div className="kiosk pairing">
        <section className="kiosk-body">
          <h1 className="kiosk-question">{title}</h1>
          {before}
          <Form method="post" className="pairing-form" reloadDocument autoComplete={autoComplete}>
            {intent ? <input type="hidden" name="intent" value={intent} /> : null}
            {fields(link)}
            {error ? (
              <p id={errorId} className="kiosk-error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="kiosk-button primary">
              {submit}
            </button>
          </Form>
          {after}
        </section>
      </div>
    </main>
  );
}
