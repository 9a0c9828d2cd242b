/** All translations, bundled into the server build (and read by the CLI). */
import viAdmin from "~locales/vi/admin.json";
import viCli from "~locales/vi/cli.json";
import viCommon from "~locales/vi/common.json";
import viErrors from "~locales/vi/errors.json";
import viKiosk from "~locales/vi/kiosk.json";
import viPhone from "~locales/vi/phone.json";
import viPublic from "~locales/vi/public.json";
import viReports from "~locales/vi/reports.json";
import viSeed from "~locales/vi/seed.json";
import enAdmin from "~locales/en/admin.json";
import enCli from "~locales/en/cli.json";
import enCommon from "~locales/en/common.json";
import enErrors from "~locales/en/errors.json";
import enKiosk from "~locales/en/kiosk.json";
import enPhone from "~locales/en/phone.json";
import enPublic from "~locales/en/public.json";
import enReports from "~locales/en/reports.json";
import enSeed from "~locales/en/seed.json";
import type { Bundle, Bundles } from "./translate";
import type { Language } from "./languages";

export const NAMESPACES = ["common", "kiosk", "admin", "errors", "cli", "seed", "reports", "public", "phone"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Record<Language, Record<Namespace, Bundle>> = {
  vi: {
    common: viCommon,
    kiosk: viKiosk,
    admin: viAdmin,
    errors: viErrors,
    cli: viCli,
    seed: viSeed,
    reports: viReports,
    public: viPublic,
    phone: viPhone,
  },
  en: {
    common: enCommon,
    kiosk: enKiosk,
    admin: enAdmin,
    errors: enErrors,
    cli: enCli,
    seed: enSeed,
    reports: enReports,
    public: enPublic,
    phone: enPhone,
  },
};

/** The bundles a route hands its components (shared objects: do not mutate). */
export function bundlesFor(lang: Language, namespaces: readonly Namespace[]): Bundles {
  const out: Bundles = {};
  for (const ns of namespaces) out[ns] = resources[lang][ns];
  return out;
}
