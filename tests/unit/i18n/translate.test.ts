import { describe, expect, it } from "vitest";
import { getT } from "~/i18n/i18n.server";
import { NAMESPACES, resources } from "~/i18n/resources.server";
import { type Bundle, translate } from "~/i18n/translate";

function keys(bundle: Bundle, prefix = ""): string[] {
  return Object.entries(bundle).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();
}

describe("locales", () => {
  for (const ns of NAMESPACES) {
    it(`has the same keys and placeholders in vi and en (${ns})`, () => {
      const vi = keys(resources.vi[ns]).sort();
      expect(keys(resources.en[ns]).sort()).toEqual(vi);
      for (const key of vi) {
        const lookup = (lang: "vi" | "en") =>
          key.split(".").reduce<Bundle | string>((n, p) => (n as Bundle)[p], resources[lang][ns]) as string;
        expect(placeholders(lookup("en")), `${ns}:${key}`).toEqual(placeholders(lookup("vi")));
        expect(lookup("vi").trim(), `${ns}:${key} is empty`).not.toBe("");
      }
    });
  }

  it("writes Vietnamese with its diacritics", () => {
    expect(translate(resources.vi, "vi", "ratings.very_satisfied")).toBe("Rất hài lòng");
    expect(translate(resources.vi, "vi", "reasons.harassment")).toContain("nhũng nhiễu, gây phiền hà");
  });
});

describe("translate (the browser's translator) agrees with i18next", () => {
  const vars = {
    count: 1,
    seconds: 5,
    max: "1.000",
    field: "rating",
    problem: "x",
    desk: "Quầy 1",
    unit: "Xã A",
    rating: "Hài lòng",
  };
  for (const lang of ["vi", "en"] as const) {
    it(`on every key in ${lang}`, () => {
      const t = getT(lang);
      for (const ns of NAMESPACES) {
        for (const key of keys(resources[lang][ns])) {
          for (const v of [undefined, vars, { ...vars, count: 5 }]) {
            expect(translate(resources[lang], lang, `${ns}:${key}`, v), `${ns}:${key}`).toBe(t(`${ns}:${key}`, v));
          }
        }
      }
    });
  }

  it("returns the key for a missing string, like i18next", () => {
    expect(translate(resources.vi, "vi", "kiosk:nope")).toBe("kiosk:nope");
  });

  it("picks English plural forms by count", () => {
    const bundles = { common: { item_one: "{{count}} item", item_other: "{{count}} items" } };
    expect(translate(bundles, "en", "item", { count: 1 })).toBe("1 item");
    expect(translate(bundles, "en", "item", { count: 3 })).toBe("3 items");
    expect(translate(bundles, "vi", "item", { count: 1 })).toBe("1 items");
  });
});
