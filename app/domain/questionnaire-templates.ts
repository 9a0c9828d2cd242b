/**
 * Extra questions an administrator can start a draft from: the criteria of
 * Thông tư 01/2018/TT-VPCP's evaluation of one-stop handling, and SIPAS's
 * aspects (access, the procedure, the official, the result, the handling of
 * feedback). Short enough for a kiosk screen; every one is counted in the
 * reports (single choice, yes/no, rating). A draft made from a template keeps
 * the core questions of the version it copies.
 */
import type { Question, QuestionnaireDefinition } from "./questionnaire";
import { isCoreQuestion } from "./questionnaire";

export const QUESTIONNAIRE_TEMPLATES = ["tt01_2018", "sipas"] as const;
export type QuestionnaireTemplate = (typeof QUESTIONNAIRE_TEMPLATES)[number];

const opt = (code: string, vi: string, en: string) => ({ code, label: { vi, en } });

const TEMPLATE_QUESTIONS: Record<QuestionnaireTemplate, Question[]> = {
  tt01_2018: [
    {
      code: "visits",
      kind: "choice",
      label: { vi: "Ông/Bà đã phải đi lại mấy lần cho hồ sơ này?", en: "How many visits did this application take?" },
      options: [
        opt("one", "1 lần", "One"),
        opt("two", "2 lần", "Two"),
        opt("three_plus", "3 lần trở lên", "Three or more"),
      ],
    },
    {
      code: "guided_once",
      kind: "yes_no",
      label: {
        vi: "Cán bộ có hướng dẫn đầy đủ, một lần cho Ông/Bà không?",
        en: "Were you told everything you needed, in one go?",
      },
    },
    {
      code: "posted",
      kind: "yes_no",
      label: {
        vi: "Thủ tục, phí, lệ phí có được niêm yết công khai không?",
        en: "Were the procedure and its fees posted publicly?",
      },
    },
    {
      code: "extra_papers",
      kind: "yes_no",
      label: {
        vi: "Ông/Bà có bị yêu cầu nộp thêm giấy tờ ngoài quy định không?",
        en: "Were you asked for papers beyond those required?",
      },
    },
    {
      code: "staff_manner",
      kind: "rating",
      scale: "three",
      label: { vi: "Ông/Bà đánh giá thái độ phục vụ của cán bộ?", en: "How was the staff's manner?" },
    },
    {
      code: "late_apology",
      kind: "choice",
      label: {
        vi: "Nếu trễ hẹn, Ông/Bà có nhận được thư xin lỗi và hẹn lại không?",
        en: "If it was late, did you get an apology and a new date?",
      },
      options: [
        opt("yes", "Có", "Yes"),
        opt("no", "Không", "No"),
        opt("not_late", "Không bị trễ hẹn", "It was not late"),
      ],
    },
  ],
  sipas: [
    {
      code: "access",
      kind: "rating",
      label: {
        vi: "Việc tiếp cận dịch vụ (chỗ ngồi, chỉ dẫn, trang thiết bị)?",
        en: "Getting the service (seating, signs, equipment)?",
      },
    },
    {
      code: "procedure",
      kind: "rating",
      label: {
        vi: "Thủ tục hành chính (công khai, giấy tờ, thời hạn)?",
        en: "The procedure (information, papers, time limits)?",
      },
    },
    {
      code: "official",
      kind: "rating",
      label: {
        vi: "Công chức giải quyết hồ sơ (thái độ, hướng dẫn)?",
        en: "The official handling it (manner, guidance)?",
      },
    },
    {
      code: "result",
      kind: "rating",
      label: { vi: "Kết quả nhận được (đúng, đủ, đúng hẹn)?", en: "The result (correct, complete, on time)?" },
    },
    {
      code: "feedback",
      kind: "choice",
      label: {
        vi: "Việc tiếp nhận, xử lý góp ý, phản ánh của Ông/Bà?",
        en: "How your suggestions or complaints were handled?",
      },
      options: [
        opt("satisfied", "Hài lòng", "Satisfied"),
        opt("not_satisfied", "Chưa hài lòng", "Not satisfied"),
        opt("none", "Chưa góp ý, phản ánh", "Never made one"),
      ],
    },
  ],
};

/** The extra questions of a template. */
export function templateQuestions(template: QuestionnaireTemplate): Question[] {
  return structuredClone(TEMPLATE_QUESTIONS[template]);
}

/** A definition with `base`'s core questions and the template's extra questions in place of its own. */
export function applyTemplate(base: QuestionnaireDefinition, template: QuestionnaireTemplate): QuestionnaireDefinition {
  return { questions: [...base.questions.filter(isCoreQuestion), ...templateQuestions(template)] };
}
