import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { pairAction, loadPairing } from "~/devices/pairing.server";
import { KioskStaffPage } from "~/components/kiosk-staff-page";
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
    <KioskStaffPage
      title={t("kiosk:pair.not_paired")}
      before={
        <>
          {revoked ? <p className="kiosk-error">{t("kiosk:pair.revoked")}</p> : null}
          <p className="kiosk-hint">{t("kiosk:pair.instructions")}</p>
        </>
      }
      fields={(link) => (
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
            {...link}
          />
        </label>
      )}
      error={result?.error}
      errorId="pair-error"
      submit={t("kiosk:pair.submit")}
    />
  );
}
