/**
 * The report's text, drafted from its figures for the official to finish in
 * Word: I. the results, II. the assessment — which targets were met, the units
 * furthest below, the change against the previous period — and III. the
 * recommendations, left blank. Every number comes from the report model's
 * rates (never recomputed here); a change is called real only when the two
 * periods' 95% intervals do not overlap. Pure: the caller passes `t`.
 */
import { type Rate, type RateGroup, type Targets, clearlyDifferent, judgementOf } from "~/domain/rates";
import { type DisplayLanguage, formatNumber, formatPercent } from "~/utils/format";

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A numbered part of the report's text; `blankLines` dotted lines follow for the official to fill in. */
export interface DocumentSection {
  heading: string;
  paragraphs: string[];
  blankLines: number;
}

export interface NarrativeInput {
  lang: DisplayLanguage;
  scopeName: string;
  targets: Targets;
  total: RateGroup;
  /** The groups of the by-unit table (units below the scope and its own desks). */
  units: readonly RateGroup[];
  /** The previous period's total and its label; null when there is none to compare with. */
  previous: { label: string; total: RateGroup } | null;
}

/** How many units the assessment names as furthest below a target. */
export const UNITS_NAMED = 3;

const K = "reports:narrative.";

function points(a: number, b: number, lang: DisplayLanguage): string {
  const value = Math.round(Math.abs(a - b) * 1000) / 10;
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

function results(input: NarrativeInput, t: Translate): string[] {
  const { total, lang, scopeName } = input;
  const { counts, rates } = total;
  const pct = (v: number | null) => formatPercent(v, lang);
  const num = (v: number) => formatNumber(v, lang);
  if (counts.total === 0) return [t(`${K}no_responses`, { scope: scopeName })];
  const out = [
    t(`${K}responses`, {
      scope: scopeName,
      total: num(counts.total),
      suspect: counts.suspect > 0 ? t(`${K}suspect_left_out`, { count: num(counts.suspect) }) : "",
    }),
    t(`${K}ratings`, {
      very: num(counts.verySatisfied),
      satisfied: num(counts.satisfied),
      neutral: num(counts.neutral),
      dissatisfied: num(counts.dissatisfied),
    }),
    t(`${K}satisfaction`, {
      rate: pct(rates.satisfaction.rate),
      low: pct(rates.satisfaction.low),
      high: pct(rates.satisfaction.high),
      decision766: pct(rates.decision766.rate),
    }),
    t(`${K}harassment`, { rate: pct(rates.harassment.rate), count: num(counts.harassment) }),
  ];
  if (rates.onTime.denominator > 0) {
    out.push(
      t(`${K}on_time`, {
        rate: pct(rates.onTime.rate),
        yes: num(rates.onTime.count),
        answered: num(rates.onTime.denominator),
      })
    );
  }
  return out;
}

type Judged = "satisfaction" | "harassment" | "onTime";
const JUDGED: Judged[] = ["satisfaction", "harassment", "onTime"];

function targetSentences(input: NarrativeInput, t: Translate): string[] {
  const { total, targets, lang } = input;
  const targetOf: Record<Judged, number> = {
    satisfaction: targets.satisfaction,
    harassment: targets.harassment,
    onTime: targets.onTime,
  };
  const out: string[] = [];
  for (const key of JUDGED) {
    const rate = total.rates[key];
    const judgement = judgementOf(rate);
    if (judgement !== "met" && judgement !== "not_met") continue;
    out.push(
      t(`${K}target_${key}_${judgement}`, {
        rate: formatPercent(rate.rate, lang),
        target: formatPercent(targetOf[key], lang),
      })
    );
  }
  if (total.counts.total > 0 && !total.rates.satisfaction.sufficient) {
    out.push(t(`${K}too_few`, { total: formatNumber(total.counts.total, lang), minSample: targets.minSample }));
  }
  return out;
}

/** The units below a target, worst first: lowest satisfaction, highest harassment. */
export function unitsBelow(units: readonly RateGroup[], key: "satisfaction" | "harassment"): RateGroup[] {
  const sign = key === "satisfaction" ? 1 : -1;
  return units
    .filter((u) => u.rates[key].meetsTarget === false)
    .sort((a, b) => sign * (a.rates[key].rate! - b.rates[key].rate!) || a.label.localeCompare(b.label, "vi"))
    .slice(0, UNITS_NAMED);
}

function unitSentences(input: NarrativeInput, t: Translate): string[] {
  const { units, lang } = input;
  if (units.length < 2) return [];
  const judged = units.filter((u) => u.rates.satisfaction.sufficient);
  if (judged.length === 0) return [t(`${K}no_units_judged`, { minSample: input.targets.minSample })];
  const named = (list: RateGroup[], key: "satisfaction" | "harassment") =>
    list.map((u) => t(`${K}unit_rate`, { unit: u.label, rate: formatPercent(u.rates[key].rate, lang) })).join("; ");
  const out: string[] = [];
  const low = unitsBelow(units, "satisfaction");
  out.push(
    low.length > 0 ? t(`${K}units_below_satisfaction`, { units: named(low, "satisfaction") }) : t(`${K}units_all_met`)
  );
  const harassed = unitsBelow(units, "harassment");
  if (harassed.length > 0) out.push(t(`${K}units_above_harassment`, { units: named(harassed, "harassment") }));
  return out;
}

function trendOf(now: Rate, before: Rate): "up" | "down" | "same" {
  if (now.rate === before.rate) return "same";
  return now.rate! > before.rate! ? "up" : "down";
}

function trendSentences(input: NarrativeInput, t: Translate): string[] {
  const { previous, total, lang } = input;
  if (!previous || total.counts.total === 0) return [];
  const pct = (v: number | null) => formatPercent(v, lang);
  if (previous.total.counts.total === 0) return [t(`${K}trend_none`, { previous: previous.label })];
  const out: string[] = [];
  for (const key of ["satisfaction", "harassment"] as const) {
    const now = total.rates[key];
    const before = previous.total.rates[key];
    const direction = trendOf(now, before);
    const vars = {
      previous: previous.label,
      before: pct(before.rate),
      after: pct(now.rate),
      points: points(now.rate!, before.rate!, lang),
    };
    let sentence = t(`${K}trend_${key}_${direction}`, vars);
    if (direction !== "same" && clearlyDifferent(now, before) === 0) sentence += ` ${t(`${K}trend_within_error`)}`;
    out.push(sentence);
  }
  return out;
}

/** Sections I–III of the report's text. */
export function draftNarrative(input: NarrativeInput, t: Translate): DocumentSection[] {
  return [
    { heading: t(`${K}results_heading`), paragraphs: results(input, t), blankLines: 0 },
    {
      heading: t(`${K}assessment_heading`),
      paragraphs: [...targetSentences(input, t), ...unitSentences(input, t), ...trendSentences(input, t)],
      blankLines: 0,
    },
    { heading: t(`${K}recommendations_heading`), paragraphs: [], blankLines: 4 },
  ];
}
