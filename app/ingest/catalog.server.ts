/**
 * Reference data the ingest path checks every response against. Field codes
 * and released questionnaire versions are never deleted, and a released
 * version never changes, so a "yes" is cached for good; a "no" is asked again.
 * The spam rule's settings are read again after SETTINGS_TTL_MS.
 */
import type { DB } from "~db/connection";
import { fieldCodeExists } from "~db/repositories/fields";
import { findReleasedQuestionnaire } from "~db/repositories/questionnaires";
import { getSettings } from "~db/repositories/settings";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { SPAM_SETTING_KEYS, type SpamRule, spamRuleFromSettings } from "./spam.server";

export const SETTINGS_TTL_MS = 60_000;

export interface Catalog {
  hasField(code: string): Promise<boolean>;
  questionnaire(version: number): Promise<QuestionnaireDefinition | undefined>;
  spamRule(): Promise<SpamRule>;
}

export function createCatalog(db: DB): Catalog {
  const fields = new Set<string>();
  const versions = new Map<number, QuestionnaireDefinition>();
  let spam: { rule: SpamRule; until: number } | undefined;
  return {
    async spamRule() {
      if (spam && Date.now() < spam.until) return spam.rule;
      const rule = spamRuleFromSettings(await getSettings(db, SPAM_SETTING_KEYS));
      spam = { rule, until: Date.now() + SETTINGS_TTL_MS };
      return rule;
    },
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
      versions.set(version, row.definition);
      return row.definition;
    },
  };
}
