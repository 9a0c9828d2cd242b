/** The per-dossier section of a report over a scope and range (see dossier-section.ts). */
import type { DB } from "~db/connection";
import { dossierReportCounts } from "~db/repositories/dossiers";
import { addDays } from "~/domain/time";
import { type DossierSection, dossierSection } from "./dossier-section";
import type { ReportScope } from "./scope.server";

/** The UTC instant a local (Asia/Ho_Chi_Minh) day starts. */
function localDayStart(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

export async function dossierSectionFor(
  db: DB,
  scope: Pick<ReportScope, "unitIds">,
  range: { from: string; to: string },
  minSample: number
): Promise<DossierSection> {
  const counts = await dossierReportCounts(db, {
    unitIds: scope.unitIds,
    fromInstant: localDayStart(range.from),
    toInstant: localDayStart(addDays(range.to, 1)),
  });
  return dossierSection(counts, minSample);
}
