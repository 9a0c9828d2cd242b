import { data } from "@remix-run/node";

/**
 * Every URL no other route takes. Without it Remix answers an unknown URL
 * without running the root loader, and the error page has no translations.
 * Throwing here runs them, and the site's error boundary says "not found".
 */
export async function loader() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
