/**
 * Channel grains of the rollups (ADR 055): rollup_day_channel (desk × day ×
 * channel) and rollup_month_channel (desk × month × channel), so reports are
 * filtered and broken down by where citizens answered — the desk's tablet or
 * their own phone — from the read model, never from the raw responses. Filled
 * here from rollup_day and rollup_month: every response stored before this
 * migration is a tablet's (the channel column came with 2026_12_04_1700 with
 * 'kiosk' for all, and nothing wrote 'phone' before this one). Frozen once shipped.
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
  for (const [table, period] of [
    ["rollup_day_channel", "local_date"],
    ["rollup_month_channel", "month"],
  ] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn(period, "text", (c) => c.notNull())
      .addColumn("desk_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "integer", (c) => c.notNull())
      .addColumn("unit_level", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull());
    for (const count of COUNTS) builder = builder.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
    await builder
      .addPrimaryKeyConstraint(`${table}_pk`, [period, "desk_id", "unit_id", "unit_level", "channel"] as never)
      .execute();
  }
  const columns = sql.raw(COUNTS.join(", "));
  await sql`insert into rollup_day_channel (local_date, desk_id, unit_id, unit_level, channel, ${columns})
    select local_date, desk_id, unit_id, unit_level, 'kiosk', ${columns} from rollup_day`.execute(db);
  await sql`insert into rollup_month_channel (month, desk_id, unit_id, unit_level, channel, ${columns})
    select month, desk_id, unit_id, unit_level, 'kiosk', ${columns} from rollup_month`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_month_channel").ifExists().execute();
  await db.schema.dropTable("rollup_day_channel").ifExists().execute();
}
