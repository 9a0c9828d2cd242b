/**
 * Rendered pages kept by the data they were rendered from. A page whose HTML
 * is a pure function of its loaders' data (the kiosk: every citizen at a desk
 * sees the same survey) is rendered once per distinct data; later requests
 * run the loaders — so authentication, a revoked tablet or a renamed desk take
 * effect at once — and send the stored HTML instead of rendering again.
 * Rendering through Remix and React costs ~30× sending stored bytes (see the
 * kiosk figure of `npm run bench`).
 */
import zlib from "node:zlib";
import { resources } from "~/i18n/resources.server";

export interface CachedPage {
  html: string;
  /** Compressed once, on the first request that accepts gzip. */
  gzip?: Buffer;
}

/** Enough for every desk's tablets in both thank-you languages of a large province. */
const MAX_PAGES = 2000;

export class PageCache {
  private pages = new Map<string, CachedPage>();

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  set(key: string, html: string): void {
    this.pages.delete(key);
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, { html });
  }

  get size(): number {
    return this.pages.size;
  }
}

// Keyed by the app context without naming its type (the context is built above this module).
const caches = new WeakMap<object, PageCache>();

/** The process's page cache (one per app context: the server's loaders and its front handler share it). */
export function pageCache(app: object): PageCache {
  let cache = caches.get(app);
  if (!cache) {
    cache = new PageCache();
    caches.set(app, cache);
  }
  return cache;
}

/**
 * The key of a page: its route, the search string and every matched loader's
 * data, in route order, as JSON (a few kilobytes once the translation bundles
 * are named: cheaper to use whole than to hash). The server build is fixed
 * for the process's life.
 */
export function pageKey(routeId: string, search: string, loaderData: readonly unknown[]): string {
  return JSON.stringify([routeId, search, loaderData], nameFixedResources);
}

/**
 * Translation bundles are fixed for the process's life and make up most of a
 * page's data: they enter the key by name, not by content (no need to
 * serialise kilobytes of strings on every request).
 */
const fixedResourceNames = new Map<unknown, string>(
  Object.entries(resources).flatMap(([lang, bundles]) =>
    Object.entries(bundles).map(([ns, bundle]) => [bundle, `i18n:${lang}:${ns}`] as const)
  )
);

function nameFixedResources(_key: string, value: unknown): unknown {
  return typeof value === "object" && value !== null ? (fixedResourceNames.get(value) ?? value) : value;
}

export function gzipped(page: CachedPage): Buffer {
  page.gzip ??= zlib.gzipSync(page.html);
  return page.gzip;
}
