/**
 * HaiLong kiosk service worker (scope /kiosk): keeps the kiosk page and every
 * asset it loads, so a tablet that is switched on while the server or the
 * Wi-Fi is down still opens the survey; answers then wait in the page's outbox
 * (app/kiosk/outbox.ts). Registered by app/kiosk/client.ts. Service workers
 * need a secure context: serve the kiosk over HTTPS (or from localhost).
 *
 * - /kiosk (any query): network first, with a time limit; a fresh page
 *   replaces the cached one and its assets are cached; offline, the cached page.
 *   A proxy's 502 or 504 counts as offline: behind a reverse proxy a stopped
 *   or hung app is the proxy's error page, not a network error. (The app's own
 *   answers, 503 included, are shown as they are.)
 * - /build/* (content-hashed, immutable): cache first.
 * - Everything else, POSTs included, goes to the network untouched.
 */
const CACHE = "hailong-kiosk-v1";
const PAGE = "/kiosk";
const NETWORK_TIMEOUT_MS = 4000;
/** Asset URLs in the page and in scripts' import statements. */
const ASSET = /\/build\/[\w./-]+\.(?:js|css)/g;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(
    fetch(PAGE, { credentials: "same-origin" })
      .then((response) => keep(response))
      .catch(() => undefined)
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(page(request, event));
  } else if (url.pathname.startsWith("/build/")) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
});

async function page(request, event) {
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), NETWORK_TIMEOUT_MS)),
    ]);
    if (response.status === 502 || response.status === 504) {
      const cached = await caches.match(PAGE);
      if (cached) return cached;
      return response;
    }
    event.waitUntil(keep(response.clone()).catch(() => undefined));
    return response;
  } catch (error) {
    const cached = await caches.match(PAGE);
    if (cached) return cached;
    throw error;
  }
}

/** Stores a good kiosk page and everything it loads; drops assets of older builds. */
async function keep(response) {
  // Redirects (an unpaired or revoked tablet goes to /kiosk/pair) and errors are not the kiosk.
  if (response.status !== 200 || response.redirected) return;
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(PAGE, response);
  const wanted = new Set();
  const queue = [...html.matchAll(ASSET)].map((m) => m[0]);
  while (queue.length > 0) {
    const path = queue.pop();
    if (wanted.has(path)) continue;
    wanted.add(path);
    let asset = await cache.match(path);
    if (!asset) {
      asset = await fetch(path);
      if (!asset.ok) continue;
      await cache.put(path, asset.clone());
    }
    if (path.endsWith(".js")) for (const m of (await asset.text()).matchAll(ASSET)) queue.push(m[0]);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/build/") && !wanted.has(path)) await cache.delete(request);
  }
}
