import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/i18n/meta";
import { kioskAction, loadKiosk } from "~/kiosk/kiosk.server";
import { KioskSurvey, THANKS_SECONDS } from "~/kiosk/survey";
import kioskStyles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kioskStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => [
  { title: pageTitle(matches, "kiosk") },
  // Without JavaScript the thank-you page returns to the start by itself.
  ...(data && new URLSearchParams(location.search).has("done")
    ? [{ httpEquiv: "refresh", content: `${THANKS_SECONDS};url=/kiosk` }]
    : []),
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { body, headers } = await loadKiosk(context.app, request);
  return data(body, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return kioskAction(context.app, request);
}

export default function KioskRoute() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <main id="main" className="kiosk-main">
      <KioskSurvey
        initial={acted?.state ?? loaded.initial}
        error={acted?.error ?? null}
        desk={loaded.desk}
        fields={loaded.fields}
        questionnaire={loaded.questionnaire}
        i18n={loaded.kioskI18n}
      />
    </main>
  );
}
