import type { Rating } from "~/domain/response";

/** Mouth curves: a wide smile to a frown. */
const MOUTH: Record<Rating, string> = {
  very_satisfied: "M30 58 Q50 80 70 58",
  satisfied: "M33 62 Q50 74 67 62",
  neutral: "M34 66 L66 66",
  dissatisfied: "M33 70 Q50 56 67 70",
};

/** A face for a rating. Decorative: the button around it carries the text label. */
export function Face({ rating }: { rating: Rating }) {
  return (
    <svg viewBox="0 0 100 100" className={`face face-${rating}`} aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" className="face-disc" />
      <circle cx="36" cy="40" r="6" className="face-feature" />
      <circle cx="64" cy="40" r="6" className="face-feature" />
      <path d={MOUTH[rating]} className="face-mouth" />
    </svg>
  );
}
