import { countOpenCases } from "~db/repositories/cases";
import { scopeUnitIds } from "~/auth/authorize.server";
import { getCurrentUser, isSecureRequest } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { languageCookie, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { localDateOf } from "~/domain/time";

export async function loadRoot(app: AppContext, request: Request) {
  const lang = await pageLanguage(request);
  const headers = new Headers();
  // An explicit ?lng= choice is remembered for the admin pages.
  if (new URL(request.url).searchParams.has("lng")) {
    headers.append("Set-Cookie", await languageCookie.serialize(lang, { secure: isSecureRequest(request) }));
  }
  let user: Awaited<ReturnType<typeof getCurrentUser>> = null;
  try {
    user = await getCurrentUser(app, request);
  } catch (error) {
    // The header only shows who is signed in. Failing here would leave the error page without its
    // language; a page that needs the user asks again and fails in its own error boundary.
    app.log.error({ err: error }, "session lookup failed");
  }
  // The header's count of open harassment cases in the user's scope (overdue ones in red).
  let cases: { open: number; overdue: number } | null = null;
  if (user) {
    try {
      cases = await countOpenCases(app.db, await scopeUnitIds(app, user), localDateOf(app.now()));
    } catch (error) {
      app.log.error({ err: error }, "open case count failed");
    }
  }
  return {
    body: {
      lang,
      i18n: bundlesFor(lang, ["common"]),
      user: user ? { username: user.username, role: user.role } : null,
      cases,
    },
    headers,
  };
}
