import type { QuestionnaireState } from "~/admin/questionnaires.server";
import { useT } from "~/i18n/react";

export function QuestionnaireStateTag({ state }: { state: QuestionnaireState }) {
  const { t } = useT();
  return <span className={`tag questionnaire-${state}`}>{t(`admin:questionnaires.states.${state}`)}</span>;
}
