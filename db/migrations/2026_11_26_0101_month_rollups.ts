/**
 * Month grains for the two wide rollups, so a report over months reads
 * desks × months rows instead of desks × days × fields (or hours):
 * rollup_month_field (desk × month × field) and rollup_month_hour
 * (desk × month × weekday × hour; weekday 0 = Monday … 6 = Sunday).
 * Filled here from the day grains. Frozen once shipped.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

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
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, extra] of [
    ["rollup_month_field", [["field_code", "text"]]],
    [
      "rollup_month_hour",
      [
        ["weekday", "integer"],
        ["local_hour", "integer"],
      ],
    ],
  ] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn("month", "text", (c) => c.notNull())
      .addColumn("desk_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "integer", (c) => c.notNull())
      .addColumn("unit_level", "text", (c) => c.notNull());
    for (const [column, type] of extra) builder = builder.addColumn(column, type, (c) => c.notNull());
    for (const count of COUNTS) builder = builder.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
    await builder
      .addPrimaryKeyConstraint(`${table}_pk`, [
        "month",
        "desk_id",
        "unit_id",
        "unit_level",
        ...extra.map(([column]) => column),
      ] as never)
      .execute();
  }

  const sums = sql.raw(COUNTS.map((c) => `sum(${c})`).join(", "));
  const columns = sql.raw(COUNTS.join(", "));
  await sql`insert into rollup_month_field (month, desk_id, unit_id, unit_level, field_code, ${columns})
    select substr(local_date, 1, 7), desk_id, unit_id, unit_level, field_code, ${sums}
    from rollup_day_field
    group by substr(local_date, 1, 7), desk_id, unit_id, unit_level, field_code`.execute(db);
  const weekday = isPostgres
    ? sql.raw("(cast(extract(isodow from cast(local_date as date)) as integer) - 1)")
    : sql.raw("((cast(strftime('%w', local_date) as integer) + 6) % 7)");
  await sql`insert into rollup_month_hour (month, desk_id, unit_id, unit_level, weekday, local_hour, ${columns})
    select substr(local_date, 1, 7), desk_id, unit_id, unit_level, ${weekday}, local_hour, ${sums}
    from rollup_day_hour
    group by substr(local_date, 1, 7), desk_id, unit_id, unit_level, ${weekday}, local_hour`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_month_hour").ifExists().execute();
  await db.schema.dropTable("rollup_month_field").ifExists().execute();
}
