import { describe, expect, it } from "vitest";
import type { Role } from "~db/schema";
import { type Staff, grantableRoles, mayChangeUnit } from "~/admin/access.server";
import { auditView } from "~/admin/audit-view.server";
import type { CurrentUser } from "~/auth/session.server";
import { getT } from "~/i18n/i18n.server";

const user = (role: Role, unitId: number | null): CurrentUser => ({
  id: 1,
  username: "u",
  role,
  unitId,
  sessionId: "s",
});
const staff = (role: Role, unitId: number | null, inScope: number[] | null): Staff => ({
  user: user(role, unitId),
  scope: {
    all: inScope === null,
    unitIds: inScope ?? undefined,
    has: (id) => inScope === null || inScope.includes(id!),
  },
  lang: "vi",
  t: getT("vi"),
});

describe("what a user may grant and change", () => {
  it("never grants more than they hold", () => {
    expect(grantableRoles(user("admin", null))).toEqual(["admin", "manager", "viewer"]);
    expect(grantableRoles(user("manager", 2))).toEqual(["manager", "viewer"]);
    expect(grantableRoles(user("viewer", 2))).toEqual([]);
  });

  it("lets a manager change the units below their own, not their own unit nor outside it", () => {
    const manager = staff("manager", 2, [2, 3, 4]);
    expect(mayChangeUnit(manager, 3)).toBe(true);
    expect(mayChangeUnit(manager, 2)).toBe(false);
    expect(mayChangeUnit(manager, 9)).toBe(false);
    expect(mayChangeUnit(staff("viewer", 2, [2, 3]), 3)).toBe(false);
    expect(mayChangeUnit(staff("admin", null, null), 1)).toBe(true);
  });
});

describe("audit entries as pages show them", () => {
  const entry = {
    id: 1,
    at: "2026-11-26T03:00:00.000Z",
    userId: 1,
    username: "admin",
    unitId: 2,
    entity: "unit",
    entityId: "2",
  };

  it("lists only the values that changed, before and after", () => {
    const view = auditView({
      ...entry,
      action: "rename",
      before: { code: "991", name: "Thị xã An Hòa", parent: "99" },
      after: { code: "991", name: "Thành phố An Hòa", parent: "99" },
    });
    expect(view.changes).toEqual([{ field: "name", before: "Thị xã An Hòa", after: "Thành phố An Hòa" }]);
  });

  it("lists every value of a creation", () => {
    const view = auditView({
      ...entry,
      action: "create",
      before: null,
      after: { code: "991", active: 1 },
    });
    expect(view.changes).toEqual([
      { field: "code", before: null, after: "991" },
      { field: "active", before: null, after: "1" },
    ]);
  });
});
