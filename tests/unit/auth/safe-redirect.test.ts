import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth/session.server";
import { LOCAL_REDIRECTS, OPEN_REDIRECT_BYPASSES } from "../../helpers/redirects";

describe("safeRedirect (where sign-in goes next)", () => {
  it.each(OPEN_REDIRECT_BYPASSES)("sends %j to the default page", (to) => {
    expect(safeRedirect(to)).toBe("/admin");
    expect(safeRedirect(to, "/reports")).toBe("/reports");
  });

  it.each(LOCAL_REDIRECTS)("keeps the app's own path %j", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  it("refuses what is not a string, and over-long values", () => {
    for (const to of [undefined, null, 42, ["/admin/units"], { toString: () => "/admin/units" }, ""]) {
      expect(safeRedirect(to)).toBe("/admin");
    }
    expect(safeRedirect(`/reports?x=${"a".repeat(5000)}`)).toBe("/admin");
  });

  it("answers only values that are valid in a Location header", () => {
    for (const to of [...OPEN_REDIRECT_BYPASSES, ...LOCAL_REDIRECTS]) {
      expect(() => new Headers({ location: safeRedirect(to) }), JSON.stringify(to)).not.toThrow();
    }
  });
});
