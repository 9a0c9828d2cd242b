import type { Language } from "./languages";
import { type Bundles, translate } from "./translate";

interface MetaMatch {
  id: string;
  data: unknown;
}

/** A page title from the common namespace, in the page's language (for `meta` exports). */
export function pageTitle(matches: readonly MetaMatch[], key: string): string {
  const root = matches.find((m) => m.id === "root")?.data as { lang?: Language; i18n?: Bundles } | undefined;
  const bundles = root?.i18n ?? {};
  const lang = root?.lang ?? "vi";
  const title = translate(bundles, lang, `titles.${key}`);
  return key === "home" ? title : translate(bundles, lang, "titles.suffix", { title });
}
