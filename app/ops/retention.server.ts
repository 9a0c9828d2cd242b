/**
 * Retention of personal data (Nghị định 13/2023/NĐ-CP): what a citizen may
 * have typed — the comment, the dossier code, the answers to text questions —
 * is kept RETENTION_MONTHS months, then blanked by `hailong purge`. Ratings,
 * reasons and every count stay: the rollups are not touched, so every rate
 * and report reads the same before and after (docs/health-and-metrics.md).
 */
import type { DB } from "~db/connection";
import { oldAnswerVersions, oldResponsesWithAnswers, purgePersonalData, replaceAnswers } from "~db/repositories/ops";
import { type Actor } from "~/domain/audit";
import { recordAudit } from "~db/repositories/audit";
import type { Catalog } from "~/ingest/catalog.server";

export interface PurgeSummary {
  /** Responses counted before this instant had their personal data blanked. */
  olderThan: string;
  retentionMonths: number;
  comments: number;
  dossierCodes: number;
  textAnswers: number;
}

/** The instant `months` calendar months before `now` (UTC; the 31st falls back to the month's last day). */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

const PAGE = 1_000;

/** Blanks the personal data of responses older than the retention, and audits how much, in one transaction. */
export async function purgeExpiredPersonalData(
  app: { db: DB; catalog: Catalog },
  actor: Actor,
  now: Date,
  retentionMonths: number
): Promise<PurgeSummary> {
  const olderThan = retentionCutoff(now, retentionMonths).toISOString();
  // Read before the transaction: on SQLite it holds the only connection the catalog could use.
  const textCodes = new Map<number, Set<string>>();
  for (const version of await oldAnswerVersions(app.db, olderThan)) {
    const definition = await app.catalog.questionnaire(version);
    textCodes.set(version, new Set((definition?.questions ?? []).filter((q) => q.kind === "text").map((q) => q.code)));
  }
  return app.db.transaction().execute(async (trx) => {
    const { comments, dossierCodes } = await purgePersonalData(trx, olderThan);
    let textAnswers = 0;
    for (let afterId = ""; ;) {
      const rows = await oldResponsesWithAnswers(trx, olderThan, afterId, PAGE);
      for (const row of rows) {
        // A version released after the read above has no old responses: nothing of it to blank.
        const codes = textCodes.get(row.questionnaireVersion) ?? new Set<string>();
        const answers = row.answers;
        const typed = Object.keys(answers).filter((code) => codes.has(code) && answers[code] !== null);
        if (typed.length === 0) continue;
        for (const code of typed) delete answers[code];
        textAnswers += typed.length;
        await replaceAnswers(trx, row.id, Object.keys(answers).length ? answers : null);
      }
      if (rows.length < PAGE) break;
      afterId = rows[rows.length - 1].id;
    }
    const summary: PurgeSummary = { olderThan, retentionMonths, comments, dossierCodes, textAnswers };
    if (comments + dossierCodes + textAnswers > 0) {
      await recordAudit(trx, actor, now, {
        action: "purge_personal_data",
        entity: "response",
        entityId: null,
        unitId: null,
        after: {
          older_than: olderThan,
          retention_months: retentionMonths,
          comments,
          dossier_codes: dossierCodes,
          text_answers: textAnswers,
        },
      });
    }
    return summary;
  });
}
