import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context.app, request);
  return { i18n: bundlesFor(await pageLanguage(request), ["admin"]) };
}

export default function AdminLayout() {
  return <Outlet />;
}
