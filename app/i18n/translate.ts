/**
 * A small translator for components, on the server and in the browser.
 *
 * Why not react-i18next in the browser: i18next + react-i18next add ~16 KB gzip
 * to every page, and the kiosk page's JavaScript budget is 90 KB (Remix and
 * React alone take ~85 KB). So i18next does the server's work (loaders, actions,
 * exports, CLI) and routes hand their components the already-loaded i18next
 * JSON bundles; this function reads them with the same rules i18next uses for
 * the features we use: `ns:key.path`, `{{var}}` interpolation (no escaping;
 * React escapes), and `_one`/`_other` plural keys chosen by Intl.PluralRules.
 * tests/unit/i18n/translate.test.ts checks every key against i18next.
 */
export type Bundle = { [key: string]: string | Bundle };
export type Bundles = Record<string, Bundle>;
export type TranslateVars = Record<string, string | number | null | undefined>;

export const DEFAULT_NAMESPACE = "common";

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(lang: string, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

function lookup(bundle: Bundle | undefined, path: string): string | undefined {
  let node: string | Bundle | undefined = bundle;
  for (const part of path.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function interpolate(template: string, vars?: TranslateVars): string {
  if (!vars) return template;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function translate(bundles: Bundles, lang: string, key: string, vars?: TranslateVars): string {
  const colon = key.indexOf(":");
  const ns = colon === -1 ? DEFAULT_NAMESPACE : key.slice(0, colon);
  const path = colon === -1 ? key : key.slice(colon + 1);
  const bundle = bundles[ns];
  let template: string | undefined;
  if (typeof vars?.count === "number") {
    template = lookup(bundle, `${path}_${pluralCategory(lang, vars.count)}`);
  }
  template ??= lookup(bundle, path);
  return template === undefined ? key : interpolate(template, vars);
}
