import type { LoaderFunctionArgs } from "@remix-run/node";
import { ratesApi } from "~/reports/api.server";

/** GET /api/v1/reports/rates (a resource route; see docs/api.md for the shape). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return ratesApi(context.app, request);
}
