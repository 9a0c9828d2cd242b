/**
 * The officer rollup by month (issue 18): the report by officer read one row
 * per officer and day, so a national year summed ~1.2 M rows (~1.8 s) and a
 * province's year ~80 ms. Like the other month grains, this one holds the
 * whole months of a range and the day rows only the days at its ends. Filled
 * here from the day rows already stored. Frozen once shipped.
 */
import { type Kysely, sql } from "kysely";

const COUNTS = [
  "total",
  "very_satisfied",
  "satisfied",
  "neutral",
  "dissatisfied",
  "harassment",
  "on_time_yes",
  "on_time_answered",
  "suspect",
];

export async function up(db: Kysely<any>): Promise<void> {
  let rollup = db.schema
    .createTable("rollup_month_officer")
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("officer_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull());
  for (const count of COUNTS) rollup = rollup.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
  await rollup.addPrimaryKeyConstraint("rollup_month_officer_pk", ["month", "officer_id", "unit_id"]).execute();
  await db.schema
    .createIndex("rollup_month_officer_officer_idx")
    .on("rollup_month_officer")
    .columns(["officer_id", "month"])
    .execute();
  const columns = sql.raw(COUNTS.join(", "));
  const sums = sql.raw(COUNTS.map((c) => `sum(${c})`).join(", "));
  await sql`insert into rollup_month_officer (month, officer_id, unit_id, ${columns})
    select substr(local_date, 1, 7), officer_id, unit_id, ${sums}
    from rollup_day_officer group by substr(local_date, 1, 7), officer_id, unit_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_month_officer").ifExists().execute();
}
