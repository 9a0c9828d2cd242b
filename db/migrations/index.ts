/**
 * The migration list. Static imports (not a folder scan) so the bundled server
 * and the CLI see the same migrations. Names sort by date; append, never reorder.
 */
import type { Migration } from "kysely";
import * as initial from "./2026_11_26_0001_initial";
import * as dissatisfiedComments from "./2026_11_26_0100_dissatisfied_comments";
import * as monthRollups from "./2026_11_26_0101_month_rollups";

export const migrations: Record<string, Migration> = {
  "2026_11_26_0001_initial": initial,
  "2026_11_26_0100_dissatisfied_comments": dissatisfiedComments,
  "2026_11_26_0101_month_rollups": monthRollups,
};
