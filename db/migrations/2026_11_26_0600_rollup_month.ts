/**
 * A month grain of the narrow rollup: rollup_month (desk × month). Reports by
 * unit, level or month over whole months read desks × months rows (1,800 for
 * a 150-desk province-year) instead of desks × days (~47,000), which keeps the
 * province-year report well under 50 ms (`npm run bench`). Filled here from
 * rollup_day. Frozen once shipped.
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
  let builder = db.schema
    .createTable("rollup_month")
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("desk_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull())
    .addColumn("unit_level", "text", (c) => c.notNull());
  for (const count of COUNTS) builder = builder.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
  await builder
    .addPrimaryKeyConstraint("rollup_month_pk", ["month", "desk_id", "unit_id", "unit_level"] as never)
    .execute();

  const sums = sql.raw(COUNTS.map((c) => `sum(${c})`).join(", "));
  const columns = sql.raw(COUNTS.join(", "));
  await sql`insert into rollup_month (month, desk_id, unit_id, unit_level, ${columns})
    select substr(local_date, 1, 7), desk_id, unit_id, unit_level, ${sums}
    from rollup_day
    group by substr(local_date, 1, 7), desk_id, unit_id, unit_level`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_month").ifExists().execute();
}
