import { type Rate, type Targets, judgementOf } from "~/domain/rates";
import { formatNumber, formatPercent } from "~/utils/format";
import { useT } from "~/i18n/react";

export type RateKind = "satisfaction" | "harassment" | "dissatisfaction" | "onTime" | "decision766";

/** Figures shown for context: no target, no verdict. */
const CONTEXT_ONLY: readonly RateKind[] = ["dissatisfaction", "decision766"];

const LABEL: Record<RateKind, string> = {
  satisfaction: "rates.satisfaction",
  harassment: "rates.harassment",
  dissatisfaction: "rates.dissatisfaction",
  onTime: "rates.on_time",
  decision766: "rates.decision766",
};

function targetText(
  kind: RateKind,
  targets: Targets,
  t: (k: string, v?: Record<string, string>) => string,
  lang: "vi" | "en"
) {
  switch (kind) {
    case "satisfaction":
      return t("rates.target_above", { target: formatPercent(targets.satisfaction, lang) });
    case "harassment":
      return t("rates.target_below", { target: formatPercent(targets.harassment, lang) });
    case "onTime":
      return t("rates.target_at_least", { target: formatPercent(targets.onTime, lang) });
    default:
      return null;
  }
}

/** A rate as a large figure with its judgement in words (never colour alone). */
export function RateCard({ kind, rate, targets }: { kind: RateKind; rate: Rate; targets: Targets }) {
  const { t, lang } = useT();
  const judgement = judgementOf(rate);
  const target = targetText(kind, targets, t, lang);
  const context = CONTEXT_ONLY.includes(kind);
  return (
    <div
      className={`rate-card rate-card-${kind} judgement-${context && judgement !== "no_data" ? "context" : judgement}`}
    >
      <h3>{t(LABEL[kind])}</h3>
      <p className="rate-value">{formatPercent(rate.rate, lang)}</p>
      {!context ? <p className="rate-judgement">{t(`rates.judgement.${judgement}`)}</p> : null}
      {target ? <p className="rate-target">{target}</p> : null}
      {kind === "decision766" ? <p className="rate-note">{t("rates.decision766_note")}</p> : null}
      <p className="rate-detail">
        {t("rates.based_on", { count: formatNumber(rate.denominator, lang) })}
        {rate.low !== null && rate.high !== null ? (
          <>
            {" · "}
            {t("rates.interval", { low: formatPercent(rate.low, lang), high: formatPercent(rate.high, lang) })}
          </>
        ) : null}
      </p>
    </div>
  );
}
