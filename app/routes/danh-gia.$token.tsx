/**
 * /danh-gia/<token>: the citizen rates a dossier from their own phone (the QR
 * code on the receipt; app/phone/evaluation.server.ts). A standalone page of
 * plain form posts: it works without JavaScript and loads no framework.
 */
import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from "@remix-run/node";
import { evaluationAction, loadEvaluation } from "~/phone/evaluation.server";
import type { RouteHandle } from "~/root";
import kioskStyles from "~/styles/kiosk.css";
import phoneStyles from "~/styles/phone.css";

export { PhoneRoute as default } from "~/phone/page.server";

export const handle: RouteHandle = { standalone: true };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: kioskStyles },
  { rel: "stylesheet", href: phoneStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "HaiLong" },
  { name: "theme-color", content: "#0b6e4f" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { body, status, headers } = await loadEvaluation(context.app, request, params.token);
  return data(body, { status, headers });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { body, status, headers } = await evaluationAction(context.app, request, params.token);
  return data(body, { status, headers });
}
