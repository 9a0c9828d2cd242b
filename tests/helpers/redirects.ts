/**
 * `redirectTo` values an attacker puts in a sign-in link (/login?redirectTo=…),
 * as the form field holds them (the query string decoded once), with the path
 * the browser must end on after signing in. Known open-redirect bypasses all
 * end on the default page, /admin.
 */
export const OPEN_REDIRECT_BYPASSES: readonly string[] = [
  "/\t/evil.example/phish", // the browser drops the tab: //evil.example/phish
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "https://evil.example",
  "https:evil.example",
  "javascript:alert(document.domain)",
  "javascript://%0Aalert(document.domain)",
  "data:text/html,<script>alert(1)</script>",
  "/%2F%2Fevil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example", // double-encoded
  "/%5Cevil.example",
  "/%09/evil.example",
  "/%0D%0ASet-Cookie:%20hl_session=x",
  "/.//evil.example",
  "/..//evil.example",
  "/admin/%2e%2e/%2e%2e//evil.example",
  "／／evil.example", // fullwidth solidus
  "/／evil.example",
  "/\u2215\u2215evil.example", // division slash
  "//evil%E3%80%82example", // ideographic full stop
  "/ /evil.example",
  " /evil.example",
];

/** Paths of the app itself, kept as they are. */
export const LOCAL_REDIRECTS: readonly string[] = [
  "/admin",
  "/admin/units",
  "/reports?unit=991&by=unit",
  "/admin/units/import",
  "/reports?from=2026-11-01&to=2026-11-30#comments",
];
