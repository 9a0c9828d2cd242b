import type { LinksFunction } from "@remix-run/node";
import adminStyles from "~/styles/admin.css";

/** The administration pages' stylesheet (app/styles/admin.css). */
export const adminLinks: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
