/**
 * The error page for answers given before or outside Remix (a malformed URL,
 * a body over its limit, a failure Express caught): the same words and markup
 * as the pages' ErrorMessage (app/root.tsx), in the language the pages would
 * use, and never anything about the failure itself — that goes to the log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getT, pageLanguage } from "./i18n/i18n.server";
import { DEFAULT_LANGUAGE, type Language } from "./i18n/languages";
import appStyles from "./styles/app.css";
import { answerAndClose } from "./utils/body.server";
import { errorMessageKey } from "./utils/http-status";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function errorPageHtml(
  lang: Language,
  status: number,
  vars: Record<string, string> = {},
  messageKey: string = errorMessageKey(status)
): string {
  const t = getT(lang);
  return messagePageHtml(lang, { message: t(messageKey, vars), link: { href: "/", text: t("errors.back_home") } });
}

/**
 * A page of one message and one link, in the error page's markup: for
 * answers given before Remix (the error page; a sign-in refused early).
 */
export function messagePageHtml(
  lang: Language,
  page: { title?: string; message: string; link: { href: string; text: string } }
): string {
  const t = getT(lang);
  const heading = page.title ?? t("errors.title");
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(
    t("titles.suffix", { title: heading })
  )}</title><link rel="stylesheet" href="${appStyles}"></head><body><main id="main" class="site-main"><section class="error-page"><h1>${escapeHtml(
    heading
  )}</h1><p role="alert">${escapeHtml(page.message)}</p><p><a href="${escapeHtml(page.link.href)}">${escapeHtml(
    page.link.text
  )}</a></p></section></main></body></html>`;
}

/** The pages' language for a request that may not even have a valid URL (?lng=, then the hl_lang cookie). */
export async function pageLanguageOf(req: IncomingMessage): Promise<Language> {
  try {
    const url = new URL(req.url ?? "/", "http://hailong.invalid");
    const cookie = req.headers.cookie;
    return await pageLanguage(new Request(url, { headers: cookie ? { cookie } : {} }));
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/**
 * Answers `status` with the translated error page. `close` ends the
 * connection after it (a body left unread: answerAndClose). `headers` are
 * added (the security headers, for answers given in front of Express).
 */
export async function sendErrorPage(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  options: {
    vars?: Record<string, string>;
    /** The message, when the status's own (errors.*) is not precise enough. */
    messageKey?: string;
    close?: boolean;
    headers?: readonly [string, string][];
  } = {}
): Promise<void> {
  const html = errorPageHtml(await pageLanguageOf(req), status, options.vars, options.messageKey);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of options.headers ?? []) res.setHeader(name, value);
  const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
  if (options.close) {
    answerAndClose(req, res, status, headers, html);
    return;
  }
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(html)) });
  res.end(req.method === "HEAD" ? undefined : html);
}
