/** The kiosk steps a questionnaire preview can show (the thank-you screen would navigate away). */
export const PREVIEW_STEPS = ["rate", "reasons", "details"] as const;
export type PreviewStep = (typeof PREVIEW_STEPS)[number];
