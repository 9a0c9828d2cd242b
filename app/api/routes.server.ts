/**
 * The plain-Node API endpoints, served in front of Express (app/http.server.ts).
 * Every endpoint is listed here, so the role × route matrix test
 * (tests/e2e/access-matrix.test.ts) sees a new one and asks for its entry.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "~/context";
import { DEVICE_STATUS_PATH, createDeviceStatusHandler } from "./device-status.server";
import {
  DOSSIERS_PATH,
  EVALUATION_LINK_PATH,
  createDossiersHandler,
  createEvaluationLinkHandler,
  isEvaluationLinkPath,
} from "./dossiers.server";
import { RESPONSES_PATH, createResponsesHandler } from "./responses.server";

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface ApiRoute {
  /** The path, or its pattern (`:code`) when `matches` is given. */
  path: string;
  matches?: (path: string) => boolean;
  create(app: AppContext): ApiHandler;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { path: RESPONSES_PATH, create: createResponsesHandler },
  { path: DEVICE_STATUS_PATH, create: createDeviceStatusHandler },
  { path: DOSSIERS_PATH, create: createDossiersHandler },
  { path: EVALUATION_LINK_PATH, matches: isEvaluationLinkPath, create: createEvaluationLinkHandler },
];

/** The handler for a request URL (query string ignored), or undefined for Express to serve. */
export function apiRouter(app: AppContext): (url: string) => ApiHandler | undefined {
  const handlers = new Map(API_ROUTES.filter((r) => !r.matches).map((r) => [r.path, r.create(app)]));
  const patterns = API_ROUTES.filter((r) => r.matches).map((r) => ({ matches: r.matches!, handler: r.create(app) }));
  return (url) => {
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    return handlers.get(path) ?? patterns.find((p) => p.matches(path))?.handler;
  };
}
