import type { Role } from "~db/schema";

/**
 * The officials' sections, shown in the header to signed-in users whose role
 * may open them. Each feature adds its line here; the server checks access
 * again in every loader and action.
 */
export interface Section {
  to: string;
  /** key in the common namespace */
  label: string;
  roles: readonly Role[];
}

export const SECTIONS: Section[] = [
  { to: "/admin", label: "nav.overview", roles: ["admin", "manager", "viewer"] },
  { to: "/reports", label: "nav.reports", roles: ["admin", "manager", "viewer"] },
  { to: "/admin/suspects", label: "nav.suspects", roles: ["admin", "manager"] },
];
