/** Rate counts for unit tests, and the resolution's 2016 and 2019 figures as data sets of 1,000 responses. */
import { type RateCounts, emptyCounts } from "~/domain/rates";

/** Counts from a few of their fields; N is the sum of the ratings unless given. */
export function counts(partial: Partial<RateCounts>): RateCounts {
  const c = { ...emptyCounts(), ...partial };
  if (partial.total === undefined) c.total = c.verySatisfied + c.satisfied + c.neutral + c.dissatisfied;
  return c;
}

/** 2016: 830 satisfied (400 very + 430), 17 of the 70 dissatisfied complained of harassment. */
export const Y2016 = counts({ verySatisfied: 400, satisfied: 430, neutral: 100, dissatisfied: 70, harassment: 17 });

/** 2019: 920 satisfied (500 very + 420), 10 of the 30 dissatisfied complained of harassment, 97% on time. */
export const Y2019 = counts({
  verySatisfied: 500,
  satisfied: 420,
  neutral: 50,
  dissatisfied: 30,
  harassment: 10,
  onTimeYes: 970,
  onTimeAnswered: 1000,
});
