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
  // Administration (issue 4): managers keep their subtree; installation-wide settings are the administrator's.
  { to: "/admin/units", label: "nav.units", roles: ["admin", "manager"] },
  { to: "/admin/desks", label: "nav.desks", roles: ["admin", "manager"] },
  // Officers (issue 17): per desk, in the manager's subtree.
  { to: "/admin/officers", label: "nav.officers", roles: ["admin", "manager"] },
  { to: "/admin/devices", label: "nav.tablets", roles: ["admin", "manager"] },
  // Setting up a province (issue 18): the tablets' state now, and the bulk CSV imports (desks, tablets, accounts).
  { to: "/admin/setup", label: "nav.setup", roles: ["admin"] },
  { to: "/admin/fleet", label: "nav.fleet", roles: ["admin", "manager"] },
  { to: "/admin/desks/import", label: "nav.imports", roles: ["admin", "manager"] },
  { to: "/admin/fields", label: "nav.fields", roles: ["admin", "manager"] },
  { to: "/admin/questionnaires", label: "nav.questionnaires", roles: ["admin", "manager"] },
  { to: "/admin/users", label: "nav.users", roles: ["admin", "manager"] },
  { to: "/admin/settings", label: "nav.settings", roles: ["admin"] },
  { to: "/admin/audit", label: "nav.audit", roles: ["admin", "manager"] },
  { to: "/admin/account", label: "nav.account", roles: ["admin", "manager", "viewer"] },
  { to: "/admin/suspects", label: "nav.suspects", roles: ["admin", "manager"] },
  // Harassment cases (issue 16): viewers read them; the working-day calendar is the administrator's.
  { to: "/admin/cases", label: "nav.cases", roles: ["admin", "manager", "viewer"] },
  { to: "/admin/holidays", label: "nav.holidays", roles: ["admin"] },
  // Alerts (issue 16): one's own alerts; the installation's webhooks and failed emails.
  { to: "/admin/alerts", label: "nav.alerts", roles: ["admin", "manager"] },
  { to: "/admin/webhooks", label: "nav.webhooks", roles: ["admin"] },
  // Dossiers (issue 17): the one-stop systems that report them.
  { to: "/admin/systems", label: "nav.systems", roles: ["admin"] },
  { to: "/admin/mail", label: "nav.mail", roles: ["admin"] },
];
