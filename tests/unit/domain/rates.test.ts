import { describe, expect, it } from "vitest";
import {
  DEFAULT_TARGETS,
  clearlyDifferent,
  computeRates,
  emptyCounts,
  intervalRanks,
  judgementOf,
  rateGroup,
  ratingShares,
  wilsonInterval,
} from "~/domain/rates";
import { ROLLUP_COUNT_KEYS, type RollupCounts, addRollupCounts, emptyRollupCounts } from "~/domain/response";
import { Y2016 as y2016, Y2019 as y2019, counts } from "../../helpers/counts";

describe("wilsonInterval", () => {
  it("matches the published interval for 920 of 1,000", () => {
    const i = wilsonInterval(920, 1000)!;
    expect(i.low).toBeCloseTo(0.9015, 4);
    expect(i.high).toBeCloseTo(0.9353, 4);
  });
  it("stays inside [0, 1] at the extremes and is null for n = 0", () => {
    expect(wilsonInterval(0, 10)!.low).toBe(0);
    expect(wilsonInterval(10, 10)!.high).toBeCloseTo(1, 12);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("computeRates", () => {
  it("computes the 2016 baseline: 83% satisfied, 1.7% harassment", () => {
    const r = computeRates(
      counts({ verySatisfied: 400, satisfied: 430, neutral: 100, dissatisfied: 70, harassment: 17 })
    );
    expect(r.satisfaction.rate).toBe(0.83);
    expect(r.harassment.rate).toBe(0.017);
    expect(r.dissatisfaction.rate).toBe(0.07);
    expect(r.satisfaction.meetsTarget).toBe(false);
    expect(r.harassment.meetsTarget).toBe(false);
  });

  it("treats exactly 92.0% and exactly 1.0% as not meeting 'trên 92%' and 'dưới 1%'", () => {
    const r = computeRates(counts({ satisfied: 920, neutral: 60, dissatisfied: 20, harassment: 10 }));
    expect(r.satisfaction.rate).toBe(0.92);
    expect(r.satisfaction.meetsTarget).toBe(false);
    expect(r.harassment.rate).toBe(0.01);
    expect(r.harassment.meetsTarget).toBe(false);
  });

  it("meets the targets one response past each boundary", () => {
    const r = computeRates(counts({ satisfied: 921, neutral: 70, dissatisfied: 9, harassment: 9 }));
    expect(r.satisfaction.meetsTarget).toBe(true);
    expect(r.harassment.meetsTarget).toBe(true);
  });

  it("gives no rate (null, never 0 or NaN) when N = 0", () => {
    const r = computeRates(emptyCounts());
    for (const rate of Object.values(r)) {
      expect(rate.rate).toBeNull();
      expect(rate.low).toBeNull();
      expect(rate.meetsTarget).toBeNull();
      expect(judgementOf(rate)).toBe("no_data");
    }
  });

  it("shows but does not judge a rate below the minimum sample", () => {
    const r = computeRates(counts({ satisfied: 29 }));
    expect(r.satisfaction.rate).toBe(1);
    expect(r.satisfaction.sufficient).toBe(false);
    expect(r.satisfaction.meetsTarget).toBeNull();
    expect(judgementOf(r.satisfaction)).toBe("insufficient");
    const enough = computeRates(counts({ satisfied: 30 }));
    expect(judgementOf(enough.satisfaction)).toBe("met");
  });

  it("computes on-time over the responses that answered the question, with T >= target", () => {
    const r = computeRates(counts({ satisfied: 200, onTimeYes: 97, onTimeAnswered: 100 }));
    expect(r.onTime.rate).toBe(0.97);
    expect(r.onTime.denominator).toBe(100);
    expect(r.onTime.meetsTarget).toBe(true);
  });

  it("never lets suspect responses into a rate", () => {
    const withSuspects = computeRates(counts({ satisfied: 50, suspect: 1000, total: 50 }));
    expect(withSuspects.satisfaction.denominator).toBe(50);
    expect(withSuspects.satisfaction.rate).toBe(1);
  });

  it("uses the targets it is given", () => {
    const r = computeRates(counts({ satisfied: 95, dissatisfied: 5 }), { ...DEFAULT_TARGETS, satisfaction: 0.96 });
    expect(r.satisfaction.meetsTarget).toBe(false);
  });
});

describe("clearlyDifferent", () => {
  it("ranks only when the intervals do not overlap", () => {
    const high = computeRates(counts({ satisfied: 990, dissatisfied: 10 })).satisfaction;
    const low = computeRates(counts({ satisfied: 800, dissatisfied: 200 })).satisfaction;
    const near = computeRates(counts({ satisfied: 985, dissatisfied: 15 })).satisfaction;
    expect(clearlyDifferent(high, low)).toBe(1);
    expect(clearlyDifferent(low, high)).toBe(-1);
    expect(clearlyDifferent(high, near)).toBe(0);
  });
});

describe("the resolution's figures as data sets of 1,000 responses", () => {
  it("2016: 83% satisfied and 1.7% harassment, both short of the targets", () => {
    const r = computeRates(y2016);
    expect([r.satisfaction.count, r.satisfaction.denominator, r.satisfaction.rate]).toEqual([830, 1000, 0.83]);
    expect([r.harassment.count, r.harassment.rate]).toEqual([17, 0.017]);
    expect(judgementOf(r.satisfaction)).toBe("not_met");
    expect(judgementOf(r.harassment)).toBe("not_met");
  });

  it("2019: exactly 92% and exactly 1% meet neither 'trên 92%' nor 'dưới 1%'; 97% on time meets 'từ 97%'", () => {
    const r = computeRates(y2019);
    expect(r.satisfaction.rate).toBe(0.92);
    expect(r.satisfaction.low).toBeCloseTo(0.9015, 4);
    expect(r.satisfaction.high).toBeCloseTo(0.9353, 4);
    expect(r.satisfaction.meetsTarget).toBe(false);
    expect(r.harassment.rate).toBe(0.01);
    expect(r.harassment.meetsTarget).toBe(false);
    expect(r.onTime.rate).toBe(0.97);
    expect(r.onTime.meetsTarget).toBe(true);
  });

  it("makes a report group of the counts, with every rate and share computed once", () => {
    const group = rateGroup("2019", "Năm 2019", y2019, DEFAULT_TARGETS);
    expect(group).toEqual({
      key: "2019",
      label: "Năm 2019",
      counts: y2019,
      rates: computeRates(y2019, DEFAULT_TARGETS),
      shares: ratingShares(y2019),
    });
    expect(group.rates.dissatisfaction).toMatchObject({ count: 30, denominator: 1000, rate: 0.03, meetsTarget: null });
  });
});

describe("Decision 766's ratio beside S", () => {
  it("counts everything but «Không hài lòng» on the four-level scale, never judged", () => {
    // 2019: 500 + 420 satisfied, 50 neutral, 30 dissatisfied of 1,000.
    const r = computeRates(y2019, DEFAULT_TARGETS);
    expect(r.satisfaction.rate).toBe(0.92);
    expect(r.decision766).toMatchObject({ count: 970, denominator: 1000, rate: 0.97, meetsTarget: null });
    expect(r.decision766.low).toBeCloseTo(0.9575, 4);
    expect(r.decision766.high).toBeCloseTo(0.979, 3);
  });

  it("equals S on the three-level scale (no neutral answers)", () => {
    const r = computeRates(counts({ verySatisfied: 12, satisfied: 25, dissatisfied: 3 }), DEFAULT_TARGETS);
    expect(r.satisfaction.rate).toBe(37 / 40);
    expect(r.decision766.rate).toBe(37 / 40);
    expect(r.decision766.low).toBe(r.satisfaction.low);
  });

  it("is null with N = 0 and leaves suspect responses out", () => {
    expect(computeRates(emptyCounts(), DEFAULT_TARGETS).decision766).toMatchObject({ rate: null, low: null });
    const r = computeRates(counts({ satisfied: 2, neutral: 1, dissatisfied: 1, suspect: 50 }), DEFAULT_TARGETS);
    expect(r.decision766).toMatchObject({ count: 3, denominator: 4, rate: 0.75 });
  });
});

describe("ratingShares", () => {
  it("gives each rating level's share of N, or null when N = 0", () => {
    expect(ratingShares(counts({ verySatisfied: 1, satisfied: 2, neutral: 1, dissatisfied: 0 }))).toEqual({
      very_satisfied: 0.25,
      satisfied: 0.5,
      neutral: 0.25,
      dissatisfied: 0,
    });
    expect(ratingShares(emptyCounts()).satisfied).toBeNull();
  });
});

describe("intervalRanks", () => {
  it("ranks a unit below another only when their intervals do not overlap", () => {
    const rate = (satisfied: number, n: number) =>
      computeRates(counts({ satisfied, dissatisfied: n - satisfied })).satisfaction;
    const ranks = intervalRanks([
      rate(800, 1000), // clearly below both 990s
      rate(990, 1000),
      rate(985, 1000), // overlaps 990: shares rank 1
      rate(3, 3), // 100% of 3: its interval overlaps everything
      computeRates(emptyCounts()).satisfaction,
    ]);
    expect(ranks).toEqual([3, 1, 1, 1, null]);
  });
});

describe("addRollupCounts", () => {
  it("adds every count a rollup row has, each into its own", () => {
    // A distinct power of ten per count: a count left out, or added into another, changes the result.
    const one = Object.fromEntries(ROLLUP_COUNT_KEYS.map((k, i) => [k, 10 ** i])) as unknown as RollupCounts;
    const sum = addRollupCounts(addRollupCounts(emptyRollupCounts(), one), one);
    expect(sum).toEqual(Object.fromEntries(ROLLUP_COUNT_KEYS.map((k, i) => [k, 2 * 10 ** i])));
  });
});
