/** Reports count a response at its effective time: the tap, unless the tablet's clock was not trusted. */
import { describe, expect, it } from "vitest";
import type { CurrentUser } from "~/auth/session.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { loadOverview } from "~/reports/overview.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

describe.each(databaseFactories())("effective time in reports on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("puts an offline answer on its tap date and a wrong clock's answer on the receipt date", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "55", name: "Tỉnh Giờ", level: "province" });
    const manager: CurrentUser = { id: 1, username: "ql", role: "manager", unitId: desk.unit.id, sessionId: "s" };
    app.setNow("2026-11-26T03:00:00Z"); // 10:00 on 26/11 in Vietnam
    const answers = [
      // Kept offline for a week: trusted, counts on 19/11 (this month, not today).
      item({ submittedAt: "2026-11-19T09:00:00+07:00", rating: "dissatisfied", reasons: ["long_wait"] }),
      // A clock 40 days behind, and one 2 hours ahead: not trusted, both count when received.
      item({ submittedAt: "2026-10-17T09:00:00+07:00", rating: "very_satisfied" }),
      item({ submittedAt: "2026-11-26T12:00:00+07:00", rating: "satisfied" }),
      // 4 minutes ahead is within tolerance: the tap time stands.
      item({ submittedAt: "2026-11-26T10:04:00+07:00", rating: "neutral" }),
    ];
    // Received a minute apart (one batch would put both untrusted answers at one instant: see the spam rule).
    for (const [i, answer] of answers.entries()) {
      await ingestResponses(app, desk.identity, [answer], new Date(Date.parse("2026-11-26T03:00:00Z") + i * 60_000));
    }
    const overview = await loadOverview(app, manager);
    expect(overview.day.counts).toMatchObject({ total: 3, verySatisfied: 1, satisfied: 1, neutral: 1, suspect: 0 });
    expect(overview.month.counts).toMatchObject({ total: 4, dissatisfied: 1 });
    // October's report does not get the answer whose clock said October.
    const october = await app.db
      .selectFrom("rollup_day")
      .selectAll()
      .where("local_date", "like", "2026-10-%")
      .execute();
    expect(october).toEqual([]);
  });
});
