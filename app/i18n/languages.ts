export { LANGUAGES, type Language } from "~/domain/response";
import { LANGUAGES, type Language } from "~/domain/response";

export const DEFAULT_LANGUAGE: Language = "vi";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}
