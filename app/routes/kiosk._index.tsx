/**
 * The citizens' kiosk. Rendered by React on the server only: this module is
 * what the tablet's browser loads (see `handle` and root.tsx), and all it runs
 * there is the kiosk controller — no Remix or React runtime, so the page's
 * JavaScript stays a few kilobytes (tests/e2e/kiosk-budget.test.ts).
 * Links here should be document links (`reloadDocument`); an in-app
 * navigation still arrives, through `clientLoader`.
 */
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { startKiosk } from "~/kiosk/client";
import { kioskAction, loadKiosk } from "~/kiosk/kiosk.server";
import { THANKS_SECONDS } from "~/kiosk/machine";
import { pageTitle } from "~/i18n/meta";
import type { RouteHandle } from "~/root";
import kioskStyles from "~/styles/kiosk.css";

export { KioskRoute as default } from "~/kiosk/survey.server";

export const handle: RouteHandle = { standalone: true, cachePage: true };

/** Reached by an in-app navigation (a Remix <Link> or redirect): load it as a document instead. */
export function clientLoader({ request }: ClientLoaderFunctionArgs): Promise<never> {
  window.location.assign(request.url);
  return new Promise(() => {});
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: kioskStyles },
  { rel: "manifest", href: "/kiosk.webmanifest" },
];

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => [
  { title: pageTitle(matches, "kiosk") },
  { name: "theme-color", content: "#0b6e4f" },
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

// In the browser this module is loaded as the page's only script.
const form = typeof document === "undefined" ? null : document.querySelector<HTMLFormElement>("form.kiosk");
if (form) startKiosk(form);
