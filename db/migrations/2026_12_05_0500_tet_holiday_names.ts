/**
 * The Tết days seeded before 5/12/2026 carried wrong lunar dates in their
 * names: 16/2/2026 is 29 tháng Chạp (not 28), and 4–5/2/2027 are 28 and 29
 * (that Chạp has 29 days). Renamed where an administrator has not renamed
 * them already. The dates themselves were right. Frozen once shipped.
 */
import type { Kysely } from "kysely";

const RENAMES: readonly { date: string; from: string; to: string }[] = [
  { date: "2026-02-16", from: "Tết Nguyên đán (28 tháng Chạp)", to: "Tết Nguyên đán (29 tháng Chạp)" },
  { date: "2027-02-04", from: "Tết Nguyên đán (29 tháng Chạp)", to: "Tết Nguyên đán (28 tháng Chạp)" },
  { date: "2027-02-05", from: "Tết Nguyên đán (30 tháng Chạp)", to: "Tết Nguyên đán (29 tháng Chạp)" },
];

/** Renames each day from one name to the other, only where it still has the first. */
async function rename(db: Kysely<any>, direction: "forward" | "back"): Promise<void> {
  for (const r of RENAMES) {
    const [from, to] = direction === "forward" ? [r.from, r.to] : [r.to, r.from];
    await db.updateTable("holidays").set({ name: to }).where("date", "=", r.date).where("name", "=", from).execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rename(db, "forward");
}

export async function down(db: Kysely<any>): Promise<void> {
  await rename(db, "back");
}
