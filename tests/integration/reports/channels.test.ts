/**
 * Reports by channel (ADR 055): where citizens answered — the desk's tablet or
 * their own phone — as a filter and a breakdown, from the channel grains of the
 * rollups, against counts worked out by hand; the same after a rebuild.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildRollups } from "~db/repositories/rollups";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { ingestDossierEvaluation, ingestResponses } from "~/ingest/ingest.server";
import { prepareReport } from "~/reports/query.server";
import { ratesReport } from "~/reports/rates-report.server";
import { type ReportBy, ratesReportJson } from "~/reports/report-model";
import { resolveScope } from "~/reports/scope.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { insertDossier } from "../../helpers/dossiers";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

const ADMIN = { allowed: undefined, unitId: null };

describe.each(databaseFactories())("reports by channel on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    // Late November: October's last day is within the tablets' clock rule (30 days).
    app.setNow("2026-11-28T10:00:00Z");
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const commune = await createUnitWithDesk(app, {
      code: "02",
      name: "Xã Thử",
      level: "commune",
      parentId: province.unit.id,
    });
    // Tablets: the province's desk 3 (one a harassment complaint, one in October), the commune's 1.
    await ingestResponses(
      app,
      province.identity,
      [
        item({ rating: "very_satisfied", submittedAt: "2026-11-20T09:00:00+07:00" }),
        item({ rating: "satisfied", submittedAt: "2026-11-20T09:10:00+07:00" }),
        item({ rating: "dissatisfied", reasons: ["harassment"], submittedAt: "2026-10-31T09:00:00+07:00" }),
      ],
      app.now()
    );
    await ingestResponses(app, commune.identity, [item({ rating: "neutral" })], app.now());
    // Phones: two of the province's dossiers, one of the commune's.
    const phone = async (desk: typeof province, rating: string, submittedAt: string, extra = {}) => {
      const dossier = await insertDossier(app.db, { deskCode: desk.desk.code });
      const origin = { deskId: desk.desk.id, unitId: desk.unit.id, unitLevel: desk.unit.level, dossierId: dossier.id };
      const outcome = await ingestDossierEvaluation(app, origin, item({ rating, submittedAt, ...extra }), app.now());
      expect(outcome.status).toBe("created");
    };
    await phone(province, "satisfied", "2026-11-21T08:00:00+07:00");
    await phone(province, "dissatisfied", "2026-10-31T10:00:00+07:00", { reasons: ["long_wait"] });
    await phone(commune, "very_satisfied", "2026-11-25T08:00:00+07:00");
  });

  async function report(by: ReportBy, channel: "kiosk" | "phone" | null, from = "2026-10-01", to = "2026-11-30") {
    const scope = await resolveScope(app.db, ADMIN, "01");
    return ratesReportJson(
      await ratesReport(app.db, scope, { from, to, by }, { lang: "vi", targets: DEFAULT_TARGETS, channel })
    );
  }

  it("breaks every report down by channel: tablets 4, phones 3", async () => {
    const r = await report("level", null);
    expect(r.total.total).toBe(7);
    expect(r.channel).toBeNull();
    expect(r.channels.map((c) => [c.key, c.label, c.total, c.counts, c.harassment])).toEqual([
      ["kiosk", "Máy tính bảng tại quầy", 4, { very_satisfied: 1, satisfied: 1, neutral: 1, dissatisfied: 1 }, 1],
      [
        "phone",
        "Điện thoại của người dân (mã QR trên giấy tiếp nhận)",
        3,
        { very_satisfied: 1, satisfied: 1, neutral: 0, dissatisfied: 1 },
        0,
      ],
    ]);
  });

  it("filters by channel, by unit and by month, from whole months and from days alike", async () => {
    const phones = await report("unit", "phone");
    expect(phones.channel).toBe("phone");
    expect(phones.total.total).toBe(3);
    expect(phones.total.satisfaction.rate).toBeCloseTo(2 / 3, 10);
    // The province's own desk, then the commune.
    expect(phones.groups.map((g) => g.total)).toEqual([2, 1]);
    // The breakdown stays whole whatever the filter.
    expect(phones.channels.map((c) => c.total)).toEqual([4, 3]);
    // The questions have no channel grain: a one-channel report leaves them out.
    expect(phones.questions).toEqual([]);

    const months = await report("month", "kiosk");
    expect(months.groups.map((g) => [g.key, g.total])).toEqual([
      ["2026-10", 1],
      ["2026-11", 3],
    ]);
    // Days at the range's ends come from the day grain: 20–25 November.
    const days = await report("level", "phone", "2026-11-20", "2026-11-25");
    expect(days.total.total).toBe(2);
    const kioskDays = await report("level", "kiosk", "2026-11-20", "2026-11-26");
    expect(kioskDays.total.counts).toEqual({ very_satisfied: 1, satisfied: 1, neutral: 1, dissatisfied: 0 });
  });

  it("counts in a one-channel report only the cases its channel's answers opened", async () => {
    // The one harassment complaint came from a tablet (31/10): a phone report has no case.
    expect((await report("level", null)).cases.total.opened).toBe(1);
    expect((await report("level", "kiosk")).cases.total.opened).toBe(1);
    expect((await report("level", "phone")).cases.total.opened).toBe(0);
  });

  it("reads the same numbers after the rollups are rebuilt from the responses", async () => {
    const before = [await report("unit", "phone"), await report("month", "kiosk"), await report("level", null)];
    await rebuildRollups(app.db);
    expect([await report("unit", "phone"), await report("month", "kiosk"), await report("level", null)]).toEqual(
      before
    );
  });

  it("takes channel=all|kiosk|phone, and refuses another or one channel grouped by field or officer", async () => {
    const ask = (input: Record<string, string>) => prepareReport(app, null, { period: "2026-11", ...input });
    const all = await ask({ channel: "all" });
    expect(all.ok && all.query.channel).toBeNull();
    const phone = await ask({ channel: "phone", by: "month" });
    expect(phone.ok && phone.query.channel).toBe("phone");
    const bogus = await ask({ channel: "sms" });
    expect(bogus).toMatchObject({ ok: false, status: 400, problems: [{ field: "channel" }] });
    const pdf = await ask({ channel: "kiosk", format: "pdf" });
    expect(pdf).toMatchObject({ ok: false, problems: [{ field: "channel", code: "channel_not_in_document" }] });
    const csv = await ask({ channel: "kiosk", format: "csv" });
    expect(csv.ok).toBe(true);
    const byField = await ask({ channel: "phone", by: "field" });
    expect(byField).toMatchObject({
      ok: false,
      status: 400,
      problems: [{ field: "channel", code: "channel_not_by_field" }],
    });
    // The officers' sums have no channel either: a «phone only» officer table would count the tablets too.
    for (const channel of ["kiosk", "phone"])
      expect(await ask({ channel, by: "officer" })).toMatchObject({
        ok: false,
        status: 400,
        problems: [{ field: "channel", code: "channel_not_by_officer" }],
      });
    expect((await ask({ channel: "all", by: "officer" })).ok).toBe(true);
  });
});
