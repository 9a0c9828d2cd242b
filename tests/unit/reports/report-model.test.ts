/**
 * The public JSON of the rates report (GET /api/v1/reports/rates, the JSON
 * download, `report --format json`): the shape docs/api.md documents, pinned
 * key by key, written by the one serialiser from the report model.
 */
import { dossierSection } from "~/reports/dossier-section";
import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS, emptyCounts, rateGroup, shareOf } from "~/domain/rates";
import { type RatesReport, rateGroupJson, ratesReportJson } from "~/reports/report-model";
import { Y2019 as y2019, counts } from "../../helpers/counts";

describe("rateGroupJson", () => {
  it("writes a group in the JSON report's shape, carrying every count", () => {
    const group = rateGroupJson(rateGroup("2019", "Năm 2019", y2019, DEFAULT_TARGETS));
    expect(group).toEqual({
      key: "2019",
      label: "Năm 2019",
      total: 1000,
      counts: { very_satisfied: 500, satisfied: 420, neutral: 50, dissatisfied: 30 },
      harassment: 10,
      suspect: 0,
      onTime: { yes: 970, answered: 1000 },
      satisfaction: { rate: 0.92, low: expect.closeTo(0.9015, 4), high: expect.closeTo(0.9353, 4), meetsTarget: false },
      harassmentRate: { rate: 0.01, low: expect.any(Number), high: expect.any(Number), meetsTarget: false },
      dissatisfaction: { rate: 0.03, low: expect.any(Number), high: expect.any(Number), meetsTarget: null },
      onTimeRate: { rate: 0.97, low: expect.any(Number), high: expect.any(Number), meetsTarget: true },
      // Decision 766: (1000 − 30 dissatisfied) / 1000; no target, so no verdict.
      decision766: {
        count: 970,
        denominator: 1000,
        rate: 0.97,
        low: expect.closeTo(0.9575, 4),
        high: expect.closeTo(0.979, 3),
      },
    });
    const { total, harassment, suspect, onTime } = group;
    expect({
      total,
      verySatisfied: group.counts.very_satisfied,
      satisfied: group.counts.satisfied,
      neutral: group.counts.neutral,
      dissatisfied: group.counts.dissatisfied,
      harassment,
      suspect,
      onTimeYes: onTime.yes,
      onTimeAnswered: onTime.answered,
    }).toEqual(y2019);
  });

  it("gives null rates, intervals and judgements in JSON when N = 0 or below the minimum sample", () => {
    const none = rateGroupJson(rateGroup("x", "x", emptyCounts(), DEFAULT_TARGETS));
    expect(none.satisfaction).toEqual({ rate: null, low: null, high: null, meetsTarget: null });
    expect(none.dissatisfaction).toEqual({ rate: null, low: null, high: null, meetsTarget: null });
    expect(none.onTimeRate).toEqual({ rate: null, low: null, high: null, meetsTarget: null });
    expect(none.decision766).toEqual({ count: 0, denominator: 0, rate: null, low: null, high: null });
    const few = rateGroupJson(rateGroup("x", "x", counts({ satisfied: 29 }), DEFAULT_TARGETS));
    expect(few.satisfaction.rate).toBe(1);
    expect(few.satisfaction.meetsTarget).toBeNull();
  });
});

describe("ratesReportJson", () => {
  // docs/api.md's example: Thành phố An Hòa in Q4 2026 (its figures rounded there to four places).
  const city = counts({
    verySatisfied: 353,
    satisfied: 451,
    neutral: 32,
    dissatisfied: 27,
    harassment: 3,
    onTimeYes: 500,
    onTimeAnswered: 514,
  });
  const desk = counts({ satisfied: 4, suspect: 2 });
  const report: RatesReport = {
    from: "2026-10-01",
    to: "2026-12-31",
    scope: { code: "99", name: "Tỉnh An Hòa" },
    by: "unit",
    targets: DEFAULT_TARGETS,
    levels: [
      { level: "province", until: null, label: "Cấp tỉnh", subtotalLabel: "Cộng cấp tỉnh" },
      { level: "district", until: null, label: "Cấp huyện", subtotalLabel: "Cộng cấp huyện" },
      { level: "commune", until: null, label: "Cấp xã", subtotalLabel: "Cộng cấp xã" },
    ],
    allLevelsLabel: "Cả 03 cấp",
    groups: [
      {
        ...rateGroup("99-MC", "Bộ phận Một cửa tỉnh", desk, DEFAULT_TARGETS),
        kind: "desk",
        level: "province",
        levelLabel: "Quầy",
      },
      {
        ...rateGroup("991", "Thành phố An Hòa", city, DEFAULT_TARGETS),
        kind: "unit",
        level: "district",
        levelLabel: "Cấp huyện",
      },
    ],
    total: rateGroup(
      "total",
      "Tổng cộng",
      counts({ ...city, total: 867, satisfied: 455, suspect: 2 }),
      DEFAULT_TARGETS
    ),
    questions: [
      {
        version: 2,
        code: "receipt",
        kind: "yes_no",
        label: "Có nhận được giấy hẹn trả kết quả?",
        answered: 40,
        options: [
          { code: "yes", label: "Có", count: 30, share: shareOf(30, 40, 30) },
          { code: "no", label: "Không", count: 10, share: shareOf(10, 40, 30) },
        ],
        groups: [],
      },
    ],
    cases: {
      asOf: "2026-12-04",
      total: {
        key: "total",
        label: "Tổng cộng",
        opened: 3,
        concluded: 2,
        onTime: shareOf(1, 2, 30),
        overdue: 1,
        medianWorkingDays: 7.5,
        findings: { founded: 1, unfounded: 1, insufficient: 0 },
      },
      groups: [],
    },
    channel: "phone",
    channels: [rateGroup("kiosk", "Máy tính bảng", desk, DEFAULT_TARGETS)],
    channelsTotal: rateGroup("total", "Tổng cộng", desk, DEFAULT_TARGETS),
    dossiers: dossierSection(
      { received: 0, returned: 0, onTime: 0, evaluated: 0, dissatisfied: 0, withComplaint: 0, late: 0, flagged: 0 },
      30
    ),
  };
  const json = JSON.parse(JSON.stringify(ratesReportJson(report)));

  it("keeps the documented keys, in order, and adds only `dissatisfaction`", () => {
    expect(Object.keys(json)).toEqual([
      "from",
      "to",
      "scope",
      "by",
      "targets",
      "levels",
      "groups",
      "total",
      "questions",
      "cases",
      "channel",
      "channels",
      "dossiers",
    ]);
    expect(json.channel).toBe("phone");
    expect(json.channels[0]).toMatchObject({ key: "kiosk", label: "Máy tính bảng", total: 4 });
    expect(json.levels[2]).toEqual({ level: "commune", until: null, label: "Cấp xã" });
    const groupKeys = [
      "key",
      "label",
      "total",
      "counts",
      "harassment",
      "suspect",
      "onTime",
      "satisfaction",
      "harassmentRate",
      "dissatisfaction",
      "onTimeRate",
      "decision766",
    ];
    for (const group of json.groups) expect(Object.keys(group)).toEqual([...groupKeys, "kind", "level", "levelLabel"]);
    expect(Object.keys(json.total)).toEqual(groupKeys);
    for (const group of [...json.groups, json.total]) {
      for (const rate of ["satisfaction", "harassmentRate", "dissatisfaction", "onTimeRate"]) {
        expect(Object.keys(group[rate]), rate).toEqual(["rate", "low", "high", "meetsTarget"]);
      }
      expect(Object.keys(group.decision766)).toEqual(["count", "denominator", "rate", "low", "high"]);
    }
  });

  it("writes each question's options with their count, share and Wilson interval", () => {
    expect(json.questions[0]).toEqual({
      version: 2,
      code: "receipt",
      kind: "yes_no",
      label: "Có nhận được giấy hẹn trả kết quả?",
      answered: 40,
      options: [
        {
          code: "yes",
          label: "Có",
          count: 30,
          share: {
            count: 30,
            denominator: 40,
            rate: 0.75,
            low: expect.closeTo(0.5981, 4),
            high: expect.closeTo(0.8581, 4),
          },
        },
        {
          code: "no",
          label: "Không",
          count: 10,
          share: {
            count: 10,
            denominator: 40,
            rate: 0.25,
            low: expect.closeTo(0.1419, 4),
            high: expect.closeTo(0.4019, 4),
          },
        },
      ],
      groups: [],
    });
  });

  it("writes the case section with the on-time share's count, denominator and interval", () => {
    expect(json.cases).toEqual({
      asOf: "2026-12-04",
      total: {
        key: "total",
        label: "Tổng cộng",
        opened: 3,
        concluded: 2,
        onTime: {
          count: 1,
          denominator: 2,
          rate: 0.5,
          low: expect.closeTo(0.0945, 4),
          high: expect.closeTo(0.9055, 4),
        },
        overdue: 1,
        medianWorkingDays: 7.5,
        findings: { founded: 1, unfounded: 1, insufficient: 0 },
      },
      groups: [],
    });
  });

  it("writes the documented example's figures", () => {
    expect(json).toMatchObject({
      from: "2026-10-01",
      to: "2026-12-31",
      scope: { code: "99", name: "Tỉnh An Hòa" },
      by: "unit",
      targets: { satisfaction: 0.92, harassment: 0.01, onTime: 0.97, minSample: 30 },
    });
    expect(json.groups[1]).toEqual({
      key: "991",
      label: "Thành phố An Hòa",
      kind: "unit",
      level: "district",
      levelLabel: "Cấp huyện",
      total: 863,
      counts: { very_satisfied: 353, satisfied: 451, neutral: 32, dissatisfied: 27 },
      harassment: 3,
      suspect: 0,
      onTime: { yes: 500, answered: 514 },
      satisfaction: {
        rate: 804 / 863,
        low: expect.closeTo(0.9128, 4),
        high: expect.closeTo(0.9466, 4),
        meetsTarget: true,
      },
      harassmentRate: {
        rate: 3 / 863,
        low: expect.closeTo(0.0012, 4),
        high: expect.closeTo(0.0102, 4),
        meetsTarget: true,
      },
      dissatisfaction: {
        rate: 27 / 863,
        low: expect.closeTo(0.0216, 4),
        high: expect.closeTo(0.0451, 4),
        meetsTarget: null,
      },
      onTimeRate: {
        rate: 500 / 514,
        low: expect.closeTo(0.9548, 4),
        high: expect.closeTo(0.9837, 4),
        meetsTarget: true,
      },
      decision766: {
        count: 836,
        denominator: 863,
        rate: 836 / 863,
        low: expect.closeTo(0.9549, 4),
        high: expect.closeTo(0.9784, 4),
      },
    });
    // A desk of the scope: few responses, shown and not judged; suspect responses only counted.
    expect(json.groups[0]).toMatchObject({ kind: "desk", level: "province", total: 4, suspect: 2 });
    expect(json.groups[0].satisfaction).toEqual({ rate: 1, low: expect.any(Number), high: 1, meetsTarget: null });
    expect(json.total).toMatchObject({ key: "total", label: "Tổng cộng", total: 867 });
  });
});
