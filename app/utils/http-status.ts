/** The common-namespace key of the error page's message for an HTTP status (app/root.tsx, app/error-page.server.ts). */
export function errorMessageKey(status: number): string {
  if (status === 404) return "errors.not_found";
  if (status === 403) return "errors.forbidden";
  if (status === 413) return "errors.too_large";
  if (status >= 400 && status < 500) return "errors.bad_request";
  return "errors.server";
}
