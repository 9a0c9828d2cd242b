/**
 * A procedure field's name over time (docs/domain.md, procedure fields): the
 * current name, and former names each used up to a last day. Pure.
 */

export interface FieldName {
  vi: string;
  en: string;
}

export interface FormerFieldName extends FieldName {
  /** The last day (YYYY-MM-DD) this name was used. */
  validTo: string;
}

/** The name in use on `date`: the earliest former name still in use that day, else the current one. */
export function fieldNameOn(current: FieldName, former: readonly FormerFieldName[], date: string): FieldName {
  const inUse = former.filter((f) => f.validTo >= date).sort((a, b) => a.validTo.localeCompare(b.validTo));
  return inUse[0] ?? current;
}

/**
 * A field's label in a report over [from, to]: its name at the end of the
 * period, and its name at the start too when the period crosses a renaming
 * («Môi trường, tài nguyên nước, khoáng sản (trước đây: Tài nguyên và Môi trường)»).
 */
export function fieldLabelFor(
  current: FieldName,
  former: readonly FormerFieldName[],
  from: string,
  to: string,
  lang: keyof FieldName
): { name: string; formerly: string | null } {
  const atEnd = fieldNameOn(current, former, to)[lang];
  const atStart = fieldNameOn(current, former, from)[lang];
  return { name: atEnd, formerly: atStart === atEnd ? null : atStart };
}
