import { createContext, useContext, useMemo, type ReactNode } from "react";
import { type Bundles, type TranslateVars, translate } from "./translate";
import type { Language } from "./languages";

interface I18nValue {
  lang: Language;
  bundles: Bundles;
}

const I18nContext = createContext<I18nValue>({ lang: "vi", bundles: {} });

/** Provides bundles to the tree below; nested providers add namespaces. */
export function I18nProvider({ lang, bundles, children }: { lang: Language; bundles: Bundles; children: ReactNode }) {
  const parent = useContext(I18nContext);
  const value = useMemo(
    () => ({ lang, bundles: parent.lang === lang ? { ...parent.bundles, ...bundles } : bundles }),
    [lang, bundles, parent]
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * The request's language and common bundle, given by the server (app/entry.server.tsx) only to a page
 * rendered without the root loader's data: an error Remix raised before the loader ran.
 */
export const RootlessI18nContext = createContext<{ lang: Language; bundles: Bundles } | null>(null);

export type T = (key: string, vars?: TranslateVars) => string;

export function useT(): { t: T; lang: Language } {
  const { lang, bundles } = useContext(I18nContext);
  return useMemo(
    () => ({ lang, t: (key: string, vars?: TranslateVars) => translate(bundles, lang, key, vars) }),
    [lang, bundles]
  );
}
