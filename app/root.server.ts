import { getCurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context.server";
import { languageCookie, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";

export async function loadRoot(app: AppContext, request: Request) {
  const lang = await pageLanguage(request);
  const headers = new Headers();
  // An explicit ?lng= choice is remembered for the admin pages.
  if (new URL(request.url).searchParams.has("lng")) {
    headers.append("Set-Cookie", await languageCookie.serialize(lang));
  }
  const user = await getCurrentUser(app, request);
  return {
    body: {
      lang,
      i18n: bundlesFor(lang, ["common"]),
      user: user ? { username: user.username, role: user.role } : null,
    },
    headers,
  };
}
