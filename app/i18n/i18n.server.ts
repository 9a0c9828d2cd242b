/**
 * i18next on the server: one instance, one fixed `t` per language created once
 * (getFixedT per request costs ~0.35 ms), and remix-i18next for detecting the
 * language of a request.
 */
import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language, isLanguage } from "./languages";
import { NAMESPACES, resources } from "./resources.server";

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: "common",
  interpolation: { escapeValue: false },
  initImmediate: false,
  returnNull: false,
});

const fixedT = Object.fromEntries(LANGUAGES.map((lang) => [lang, instance.getFixedT(lang)])) as Record<
  Language,
  TFunction
>;

export type ServerT = TFunction;

export function getT(lang: Language = DEFAULT_LANGUAGE): ServerT {
  return fixedT[lang];
}

/** A translator per language, for texts stored in both (questionnaire templates' wording). */
export function translators(): Record<Language, (key: string) => string> {
  return { vi: (key) => fixedT.vi(key), en: (key) => fixedT.en(key) };
}

/** The language an official chose for the admin pages; citizens' kiosk language is per survey. */
export const languageCookie = createCookie("hl_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const pages = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    // Vietnamese is the default for pages whatever the browser says.
    order: ["searchParams", "cookie"],
  },
});

function asLanguage(value: string): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

/** Pages: ?lng=, then the hl_lang cookie, then Vietnamese. */
export async function pageLanguage(request: Request): Promise<Language> {
  return asLanguage(await pages.getLocale(request));
}

/**
 * API clients: the first supported language in Accept-Language, else Vietnamese.
 * A plain parse: the ingest path runs outside Remix and must stay cheap.
 */
export function apiLanguage(acceptLanguage: string | null | undefined): Language {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0].trim().toLowerCase().slice(0, 2);
    if (isLanguage(tag)) return tag;
  }
  return DEFAULT_LANGUAGE;
}
