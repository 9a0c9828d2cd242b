/** The cases' words shared by the server and the pages (a .server module's exports are absent in the browser). */
import type { CaseFinding, CaseStatus } from "~db/schema";

export const CASE_STATUSES: readonly CaseStatus[] = ["new", "verifying", "concluded"];
export const CASE_FINDINGS: readonly CaseFinding[] = ["founded", "unfounded", "insufficient"];
/** The list's status filter: open = new or verifying. */
export const STATUS_FILTERS = ["open", "new", "verifying", "concluded", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
