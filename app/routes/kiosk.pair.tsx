import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { pairAction, loadPairing } from "~/devices/pairing.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import kioskStyles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kioskStyles }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pair") }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadPairing(request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, error } = await pairAction(context.app, request, context.clientIp);
  return data({ error }, { status });
}

export default function PairRoute() {
  const { code, revoked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <main id="main" className="kiosk-main">
      <div className="kiosk pairing">
        <section className="kiosk-body">
          <h1 className="kiosk-question">{t("kiosk:pair.not_paired")}</h1>
          {revoked ? <p className="kiosk-error">{t("kiosk:pair.revoked")}</p> : null}
          <p className="kiosk-hint">{t("kiosk:pair.instructions")}</p>
          <Form method="post" className="pairing-form" reloadDocument>
            <label className="kiosk-field">
              <span>{t("kiosk:pair.code")}</span>
              <input
                name="code"
                defaultValue={code}
                inputMode="numeric"
                pattern="[0-9]{6}|[0-9]{12}"
                maxLength={12}
                autoComplete="one-time-code"
                required
                aria-invalid={result?.error ? true : undefined}
                aria-describedby={result?.error ? "pair-error" : undefined}
              />
            </label>
            {result?.error ? (
              <p id="pair-error" className="kiosk-error" role="alert">
                {result.error}
              </p>
            ) : null}
            <button type="submit" className="kiosk-button primary">
              {t("kiosk:pair.submit")}
            </button>
          </Form>
        </section>
      </div>
    </main>
  );
}
