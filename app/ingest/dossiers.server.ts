/**
 * Responses and dossiers in the ingest transaction (ADR 054): a tablet's typed
 * dossier code links its response to the known dossier of the tablet's own
 * unit; a phone response (the dossier's evaluation link) is stored only while
 * its dossier has no evaluation; and the first counted response of a dossier,
 * from either channel, becomes its evaluation — in the same transaction that
 * stores it, so two at once cannot both count.
 */
import type { DB } from "~db/connection";
import {
  findDossiersByCodes,
  holdDossierForEvaluation,
  setDossierEvaluation,
} from "~db/repositories/dossier-evaluations";
import type { StoredResponse } from "~db/repositories/responses";
import { dossierCodeOrNull } from "~/domain/dossier-code";
import type { Problem } from "~/utils/problems";

/** Why a phone response was not stored: its dossier was evaluated already. */
export const ALREADY_EVALUATED: Problem = { field: "dossier", code: "dossier_already_evaluated" };

/**
 * Before the rows are inserted: sets the dossier of tablet rows whose typed
 * code names a dossier received by the tablet's unit, and holds each phone
 * row's dossier. Returns the ids of phone rows refused (their dossier has
 * another evaluation, or another phone row of this group holds it).
 */
export async function linkDossiers(trx: DB, rows: readonly StoredResponse[]): Promise<Set<string>> {
  const typed = rows
    .filter((r) => r.channel === "kiosk" && r.dossierId === null && r.dossierCode !== null)
    .map((row) => ({ row, code: dossierCodeOrNull(row.dossierCode) }))
    .filter((t): t is { row: StoredResponse; code: string } => t.code !== null);
  if (typed.length > 0) {
    const known = new Map(
      (
        await findDossiersByCodes(
          trx,
          typed.map((t) => t.code)
        )
      ).map((d) => [d.code, d])
    );
    for (const { row, code } of typed) {
      const dossier = known.get(code);
      // Another unit's dossier is not this tablet's to evaluate (a mistyped or guessed code).
      if (dossier && dossier.unitId === row.unitId) row.dossierId = dossier.id;
    }
  }
  const refused = new Set<string>();
  const held = new Set<number>();
  for (const row of rows) {
    if (row.channel !== "phone") continue;
    if (
      row.dossierId === null ||
      held.has(row.dossierId) ||
      !(await holdDossierForEvaluation(trx, row.dossierId, row.id))
    )
      refused.add(row.id);
    else held.add(row.dossierId);
  }
  return refused;
}

/** After the rows are stored and judged: each counted one becomes its dossier's evaluation if it has none. */
export async function countAsEvaluations(trx: DB, counted: readonly StoredResponse[]): Promise<void> {
  for (const row of counted) {
    if (row.dossierId !== null && row.suspect === 0)
      await setDossierEvaluation(trx, row.dossierId, row.id, row.receivedAt);
  }
}
