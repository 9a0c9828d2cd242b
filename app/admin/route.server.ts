/**
 * The shape every administration route shares: its loader hands the app, the
 * request and one URL parameter to a feature's load function, and its action
 * answers a feature's `{ status, body }` as data. Routes wrap these in their
 * own arrow functions (`export const loader = (args) => adminLoad(args, …)`),
 * which the browser build can drop; a bare call at module level it could not.
 */
import { type ActionFunctionArgs, type LoaderFunctionArgs, data } from "@remix-run/node";
import type { AppContext } from "~/context";

type Handler<T> = (app: AppContext, request: Request, param: string | undefined) => Promise<T>;

/** `param`: the name of the route's URL parameter, when it has one ("deskId"). */
export function adminLoad<T>({ request, context, params }: LoaderFunctionArgs, load: Handler<T>, param?: string) {
  return load(context.app, request, param === undefined ? undefined : params[param]);
}

export async function adminAct<B>(
  { request, context, params }: ActionFunctionArgs,
  act: Handler<{ status: number; body: B }>,
  param?: string
) {
  const { status, body } = await act(context.app, request, param === undefined ? undefined : params[param]);
  return data(body, { status });
}
