/**
 * A sign-in whose password would not be checked anyway (this address must
 * wait, or the line of password checks is full) is answered here, in front
 * of Remix, with a page of one message: rendering the sign-in page costs a
 * few milliseconds each, and a burst of 1,000 such answers would otherwise
 * delay the kiosk's and the API's requests (bench: login-burst). Only the
 * form post of the page itself: Remix's data requests (`/login.data`) render
 * nothing and go through as they are; attemptPassword still decides every
 * attempt that gets through.
 */
import type express from "express";
import type { AppContext } from "~/context";
import { messagePageHtml, pageLanguageOf } from "~/error-page.server";
import { getT } from "~/i18n/i18n.server";
import { passwordRefusal } from "./attempts.server";
import { refusalAnswer } from "./login-form.server";

export function refuseHopelessSignIns(app: AppContext): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST" || req.path !== "/login") return next();
    const body = res.locals.body as Buffer | undefined;
    if (!body || !req.is("application/x-www-form-urlencoded")) return next();
    const username = new URLSearchParams(body.toString("utf8")).get("username")?.trim().slice(0, 100);
    if (!username) return next();
    const refusal = passwordRefusal(app.passwords, { username, address: req.ip ?? "" }, app.now().getTime());
    if (!refusal) return next();
    // Counted in /metrics like a refusal decided by attemptPassword.
    app.passwords.observe?.(refusal.outcome);
    // Answered one per turn of the event loop, like every refused sign-in: a burst takes turns with other requests.
    void Promise.all([pageLanguageOf(req), app.passwords.turn()]).then(
      ([lang]) => {
        const t = getT(lang);
        const answer = refusalAnswer(t, refusal);
        const html = messagePageHtml(lang, {
          title: t("admin:login.title"),
          message: answer.error,
          link: { href: `/login${req.url.slice(req.path.length)}`, text: t("admin:login.back_to_login") },
        });
        res
          .status(answer.status)
          .set({ "Retry-After": String(answer.retryAfter), "Cache-Control": "no-store" })
          .type("html")
          .send(html);
      },
      (error: unknown) => next(error)
    );
  };
}
