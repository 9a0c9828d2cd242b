import type { Role } from "~db/schema";

/**
 * The officials' sections, shown in the header to signed-in users whose role
 * may open them, grouped by what people do (ADR 057). Each feature adds its
 * line here, in its group; the server checks access again in every loader and
 * action. A group appears only when the user may open one of its pages.
 */
export type SectionGroup = "results" | "cases" | "devices" | "catalogue" | "system";

export interface Section {
  to: string;
  /** key in the common namespace */
  label: string;
  roles: readonly Role[];
  group: SectionGroup;
  /** The page is sent as a document only (RouteHandle.hydrate): its link loads it as one. */
  document?: true;
}

/** The groups in the order the header shows them; labels are `nav.group.<id>` in the common namespace. */
export const SECTION_GROUPS: readonly SectionGroup[] = ["results", "cases", "devices", "catalogue", "system"];

const STAFF: readonly Role[] = ["admin", "manager", "viewer"];
const MANAGING: readonly Role[] = ["admin", "manager"];

export const SECTIONS: Section[] = [
  // Kết quả: what the people think.
  { to: "/admin", label: "nav.overview", roles: STAFF, group: "results" },
  { to: "/reports", label: "nav.reports", roles: STAFF, group: "results", document: true },
  { to: "/admin/suspects", label: "nav.suspects", roles: MANAGING, group: "results" },
  // Công khai (ADR 040): the switch and the link to the published page are in the settings.
  { to: "/admin/settings#public-results-title", label: "nav.public", roles: ["admin"], group: "results" },
  // Phản ánh (issue 16): viewers read the cases; one's own alerts.
  { to: "/admin/cases", label: "nav.cases", roles: STAFF, group: "cases" },
  { to: "/admin/alerts", label: "nav.alerts", roles: MANAGING, group: "cases" },
  // Thiết bị: the desks and the tablets on them (issue 4).
  { to: "/admin/desks", label: "nav.desks", roles: MANAGING, group: "devices" },
  { to: "/admin/devices", label: "nav.tablets", roles: MANAGING, group: "devices" },
  // Setting up a province (issue 18): the tablets' state now, and the bulk CSV imports (desks, tablets, accounts).
  { to: "/admin/fleet", label: "nav.fleet", roles: MANAGING, group: "devices" },
  { to: "/admin/desks/import", label: "nav.imports", roles: MANAGING, group: "devices" },
  // Danh mục: what the answers are about; the working-day calendar is the administrator's.
  { to: "/admin/units", label: "nav.units", roles: MANAGING, group: "catalogue" },
  { to: "/admin/fields", label: "nav.fields", roles: MANAGING, group: "catalogue" },
  { to: "/admin/questionnaires", label: "nav.questionnaires", roles: MANAGING, group: "catalogue" },
  // Officers (issue 17): per desk, in the manager's subtree.
  { to: "/admin/officers", label: "nav.officers", roles: MANAGING, group: "catalogue" },
  { to: "/admin/holidays", label: "nav.holidays", roles: ["admin"], group: "catalogue" },
  // Hệ thống: who may do what, the installation's settings and integrations, the log.
  { to: "/admin/users", label: "nav.users", roles: MANAGING, group: "system" },
  { to: "/admin/settings", label: "nav.settings", roles: ["admin"], group: "system" },
  { to: "/admin/webhooks", label: "nav.webhooks", roles: ["admin"], group: "system" },
  // Dossiers (issue 17): the one-stop systems that report them.
  { to: "/admin/systems", label: "nav.systems", roles: ["admin"], group: "system" },
  { to: "/admin/mail", label: "nav.mail", roles: ["admin"], group: "system" },
  { to: "/admin/audit", label: "nav.audit", roles: MANAGING, group: "system" },
  { to: "/admin/account", label: "nav.account", roles: STAFF, group: "system" },
  // The first-run wizard (issue 18): the administrator's, on an empty installation.
  { to: "/admin/setup", label: "nav.setup", roles: ["admin"], group: "system" },
];

export interface SectionMenu {
  group: SectionGroup;
  sections: Section[];
}

/** The groups a role sees, each with the pages it may open, in header order; empty groups are left out. */
export function sectionMenus(role: Role): SectionMenu[] {
  return SECTION_GROUPS.map((group) => ({
    group,
    sections: SECTIONS.filter((s) => s.group === group && s.roles.includes(role)),
  })).filter((m) => m.sections.length > 0);
}

/** Whether a path is the section's page or below it (the overview matches only itself). */
export function sectionIsCurrent(section: Section, pathname: string): boolean {
  if (section.to.includes("#")) return false;
  if (section.to === "/admin") return pathname === "/admin" || pathname === "/admin/";
  return pathname === section.to || pathname.startsWith(`${section.to}/`);
}
