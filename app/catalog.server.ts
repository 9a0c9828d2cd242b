/**
 * Reference data the ingest path checks every response against. Field codes
 * and released questionnaire versions are never deleted, and a released
 * version never changes, so a "yes" is cached for good; a "no" is asked again.
 */
import type { DB } from "~db/connection";
import { fieldCodeExists } from "~db/repositories/fields";
import { findReleasedQuestionnaire } from "~db/repositories/questionnaires";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";

export interface Catalog {
  hasField(code: string): Promise<boolean>;
  questionnaire(version: number): Promise<QuestionnaireDefinition | undefined>;
}

export function createCatalog(db: DB): Catalog {
  const fields = new Set<string>();
  const versions = new Map<number, QuestionnaireDefinition>();
  return {
    async hasField(code) {
      if (fields.has(code)) return true;
      if (!(await fieldCodeExists(db, code))) return false;
      fields.add(code);
      return true;
    },
    async questionnaire(version) {
      const cached = versions.get(version);
      if (cached) return cached;
      const row = await findReleasedQuestionnaire(db, version);
      if (!row) return undefined;
      const definition = JSON.parse(row.definition) as QuestionnaireDefinition;
      versions.set(version, definition);
      return definition;
    },
  };
}
