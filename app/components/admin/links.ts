import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/i18n/meta";
import adminStyles from "~/styles/admin.css";

/** The administration pages' stylesheet (app/styles/admin.css). */
export const adminLinks: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

/** An administration page's title: its key under the page titles (app/i18n/meta.ts). */
export function adminMeta(page: string): MetaFunction {
  return ({ matches }) => [{ title: pageTitle(matches, page) }];
}
