/**
 * GET /cong-khai: the query it accepts, its answer and its cache headers
 * (ADR 040). The route stays thin; the figures come from public-results.server.ts.
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import type { AppContext } from "~/context";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import {
  PUBLIC_MAX_AGE,
  type PublicResults,
  type PublicUnit,
  cachedPublicResults,
  notModified,
  publicResultsEnabled,
} from "./public-results.server";
import { ScopeError } from "./scope.server";

/** Seconds each unit stays on the lobby screen, unless `giay` says otherwise. */
export const LOBBY_SECONDS = 15;

const querySchema = z.object({
  "man-hinh": z.enum(["1"]).optional(),
  "don-vi": z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}._-]+$/u)
    .optional(),
  trang: z.coerce.number().int().min(1).max(100_000).optional(),
  giay: z.coerce.number().int().min(5).max(3600).optional(),
  lng: z.string().optional(),
});

/** A refusal the page shows translated; never kept by a cache (the setting or the data may change). */
function refuse(status: 400 | 404): never {
  throw new Response(null, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The units the lobby screen rotates through: those published (with figures in either month); when none is,
 * the scope alone, saying it has not enough responses yet.
 */
export function lobbyUnits(results: PublicResults): PublicUnit[] {
  if (results.units.length > 0) return results.units;
  const [current, previous] = results.months;
  return [
    {
      code: results.scope.code,
      name: results.scope.name,
      level: null,
      depth: 0,
      months: [
        { month: current, sufficient: false },
        { month: previous, sufficient: false },
      ],
    },
  ];
}

export async function loadPublicPage(app: AppContext, request: Request) {
  const lang = await pageLanguage(request);
  if (!(await publicResultsEnabled(app.db))) refuse(404);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) refuse(400);
  const query = parsed.data;
  let published;
  try {
    published = await cachedPublicResults(app, query["don-vi"] ?? null, lang);
  } catch (error) {
    if (error instanceof ScopeError) refuse(404);
    throw error;
  }
  const lobby = query["man-hinh"] === "1";
  const { results } = published;
  let page: { index: number; count: number; next: string } | null = null;
  if (lobby) {
    const count = lobbyUnits(results).length;
    const index = ((query.trang ?? 1) - 1) % count;
    const next = new URLSearchParams({ "man-hinh": "1" });
    if (query["don-vi"]) next.set("don-vi", query["don-vi"]);
    if (query.giay) next.set("giay", String(query.giay));
    if (query.lng) next.set("lng", lang);
    next.set("trang", String(((index + 1) % count) + 1));
    page = { index, count, next: `/cong-khai?${next.toString()}` };
  }
  const headers = new Headers({
    // An explicit ?lng= sets the language cookie (root loader): that answer is the visitor's own.
    "Cache-Control": url.searchParams.has("lng")
      ? "private, no-cache"
      : `public, max-age=${PUBLIC_MAX_AGE}, stale-while-revalidate=${PUBLIC_MAX_AGE}`,
    ETag: published.etag,
    "Last-Modified": published.lastModified.toUTCString(),
    // The language may come from the hl_lang cookie.
    Vary: "Cookie",
  });
  const body = {
    lang,
    title: getT(lang)("public:title"),
    i18n: bundlesFor(lang, ["public"]),
    results,
    lobby: page,
    unitCode: query["don-vi"] ?? null,
    lobbySeconds: query.giay ?? LOBBY_SECONDS,
  };
  // Rendered anyway (Remix renders every document); Node sends a 304 without its body.
  return data(body, { headers, status: notModified(request, published) ? 304 : 200 });
}

export type PublicPageData = Awaited<ReturnType<typeof loadPublicPage>>["data"];
