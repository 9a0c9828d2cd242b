/**
 * The tablet's staff corner: an officer signs in to the desk with their code
 * and PIN (never shown on the citizens' screen), or signs out. A plain form:
 * works the same with JavaScript on or off.
 */
import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { dutyAction, loadDuty } from "~/officers/duty.server";
import { KioskStaffPage } from "~/components/kiosk-staff-page";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import kioskStyles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kioskStyles }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "duty") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return data(await loadDuty(context.app, request), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, error } = await dutyAction(context.app, request);
  return data({ error }, { status });
}

export default function DutyRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <KioskStaffPage
      title={t("kiosk:duty.title", { desk: d.desk })}
      before={
        d.duty ? (
          <>
            <p className="kiosk-hint">{t("kiosk:duty.on_duty", { name: d.duty.name, until: d.duty.until })}</p>
            <Form method="post" reloadDocument>
              <input type="hidden" name="intent" value="sign_out" />
              <button type="submit" className="kiosk-button">
                {t("kiosk:duty.sign_out")}
              </button>
            </Form>
          </>
        ) : (
          <p className="kiosk-hint">{t("kiosk:duty.nobody")}</p>
        )
      }
      intent="sign_in"
      autoComplete="off"
      fields={(link) => (
        <>
          <label className="kiosk-field">
            <span>{t("kiosk:duty.code")}</span>
            <input name="code" required maxLength={40} autoComplete="off" autoCapitalize="characters" />
          </label>
          <label className="kiosk-field">
            <span>{t("kiosk:duty.pin")}</span>
            <input
              name="pin"
              type="password"
              inputMode="numeric"
              pattern="[0-9]{4,8}"
              maxLength={8}
              autoComplete="off"
              required
              {...link}
            />
          </label>
        </>
      )}
      error={result?.error}
      errorId="duty-error"
      submit={t("kiosk:duty.sign_in")}
      after={
        <p>
          <a href="/kiosk" className="kiosk-button">
            {t("kiosk:duty.back")}
          </a>
        </p>
      }
    />
  );
}
