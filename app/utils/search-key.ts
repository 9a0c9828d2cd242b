/**
 * What list searches compare (ADR 058): a name or code lower-cased, without
 * Vietnamese tone and vowel marks, đ as d, spaces collapsed — so «xuan loc»,
 * «Xuân Lộc» and «XUÂN LỘC» find «Xã Xuân Lộc» on SQLite and PostgreSQL alike
 * (neither folds Vietnamese the same way by itself). Stored beside the name
 * (`search_key`) by the repositories that write it. Pure.
 */
export function searchKey(...parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === "string" && p !== "")
    .join(" ")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** A LIKE pattern matching the folded text anywhere, with LIKE's own wildcards taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${searchKey(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
