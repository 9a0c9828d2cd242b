/**
 * The plain-Node API endpoints, served in front of Express (app/http.server.ts).
 * Every endpoint is listed here, so the role × route matrix test
 * (tests/e2e/access-matrix.test.ts) sees a new one and asks for its entry.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "~/context";
import { DEVICE_STATUS_PATH, createDeviceStatusHandler } from "./device-status.server";
import { RESPONSES_PATH, createResponsesHandler } from "./responses.server";

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface ApiRoute {
  path: string;
  create(app: AppContext): ApiHandler;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { path: RESPONSES_PATH, create: createResponsesHandler },
  { path: DEVICE_STATUS_PATH, create: createDeviceStatusHandler },
];

/** The handler for a request URL (query string ignored), or undefined for Express to serve. */
export function apiRouter(app: AppContext): (url: string) => ApiHandler | undefined {
  const handlers = new Map(API_ROUTES.map((r) => [r.path, r.create(app)]));
  return (url) => {
    const q = url.indexOf("?");
    return handlers.get(q === -1 ? url : url.slice(0, q));
  };
}
