/**
 * The Remix route a URL is served by, as the route id (`routes/_site.admin.units.$unitId`),
 * for the request-duration metric: a label per route, never per raw URL
 * (ids and codes in paths would make one series per tablet or unit).
 */
import type { ServerBuild } from "@remix-run/node";

interface Pattern {
  id: string;
  segments: string[];
  index: boolean;
}

function fullPath(routes: ServerBuild["routes"], id: string): string[] {
  const segments: string[] = [];
  for (let route = routes[id]; route; route = route.parentId ? routes[route.parentId] : undefined!) {
    if (route.path) segments.unshift(...route.path.split("/").filter(Boolean));
  }
  return segments;
}

/** Static 3, parameter 2 a segment, a splat nothing; null when the path does not match. */
function score(pattern: string[], parts: string[]): number | null {
  let total = 0;
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    if (segment === "*") return total;
    const optional = segment.endsWith("?");
    const part = parts[i];
    if (part === undefined) {
      if (optional) continue;
      return null;
    }
    if (segment.startsWith(":")) total += 2;
    else if (segment.replace(/\?$/, "") === part) total += 3;
    else return null;
  }
  return parts.length <= pattern.length ? total : null;
}

/** A function from a request's path to its route id ("unmatched" when none). */
export function routeIdMatcher(build: Pick<ServerBuild, "routes">): (pathname: string) => string {
  const patterns: Pattern[] = Object.values(build.routes).map((route) => ({
    id: route.id,
    segments: fullPath(build.routes, route.id),
    index: route.index === true,
  }));
  const cache = new Map<string, string>();
  return (rawPath) => {
    let pathname = rawPath;
    // Single fetch's data requests name their page with `.data` (the root page as `/_root.data`).
    if (pathname === "/_root.data") pathname = "/";
    else if (pathname.endsWith(".data")) pathname = pathname.slice(0, -".data".length);
    if (pathname === "/__manifest") return "remix:manifest";
    const parts = pathname.split("/").filter(Boolean);
    const key = parts.join("/");
    const known = cache.get(key);
    if (known) return known;
    let best: { id: string; score: number } | null = null;
    for (const pattern of patterns) {
      const s = score(pattern.segments, parts);
      if (s === null) continue;
      // The deepest route wins a tie (an index over its layout, a page over its pathless parent).
      const value = s * 100 + (pattern.index ? 50 : 0) + pattern.id.length / 1000;
      if (!best || value > best.score) best = { id: pattern.id, score: value };
    }
    const id = best?.id ?? "unmatched";
    // Bounded: distinct paths under a splat route could be many.
    if (cache.size < 1000) cache.set(key, id);
    return id;
  };
}
