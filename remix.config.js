/**
 * Remix v2, classic compiler. `server` compiles app/server.ts together with the
 * app into build/index.js, so the HTTP server, the ingest API and the Remix
 * routes share one module graph (one database handle, one set of caches).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  server: "./app/server.ts",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
