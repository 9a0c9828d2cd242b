/**
 * What the kiosk page is made of, shared by its server side (kiosk.server.ts),
 * its view (survey.server.tsx) and the tablet's controller (client.ts): types
 * only, so neither imports the other.
 */
import type { Language } from "~db/schema";
import type { Question, QuestionnaireDefinition } from "~/domain/questionnaire";
import type { Bundles } from "~/i18n/translate";
import type { SurveyState } from "./machine";

export interface KioskField {
  code: string;
  name: Record<Language, string>;
}

export interface KioskConfig {
  /** The questionnaire version responses are given under. */
  version: number;
  /** Its extra questions, to read the details step. */
  extras: Question[];
  /** The app's version (and the build's, added by the view), reported in the device status. */
  app: string;
}

/** What the kiosk loader gives the page. */
export interface KioskPage {
  desk: { name: string; unitName: string };
  /** The officer on duty at the desk now (shown to the citizen), or null. */
  officer: string | null;
  fields: KioskField[];
  questionnaire: { version: number; definition: QuestionnaireDefinition };
  config: KioskConfig;
  kioskI18n: Record<Language, Bundles>;
  initial: SurveyState;
  /** Days after a case's conclusion the citizen's phone is kept (the contact step's consent sentence). */
  contactDays: number;
}

export interface KioskActionResult {
  state: SurveyState;
  error: string | null;
}
