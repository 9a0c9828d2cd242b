/** A section of the dashboard: the rates by level or by procedure field, with their total. */
import { RatesTable } from "~/components/report-tables";
import type { RateGroup } from "~/domain/rates";
import { useT } from "~/i18n/react";

const SECTIONS = {
  level: { id: "levels-title", title: "reports:levels.title", caption: "reports:levels.table" },
  field: { id: "fields-title", title: "reports:fields.title", caption: "reports:fields.table" },
  channel: { id: "channels-title", title: "reports:channels.title", caption: "reports:channels.table" },
} as const;

export function RatesSection({
  by,
  groups,
  total,
  totalLabel,
  caption: captionText,
}: {
  by: keyof typeof SECTIONS;
  groups: readonly RateGroup[];
  total: RateGroup;
  totalLabel?: string;
  /** The table's caption when the report words it (the levels present); else the section's own. */
  caption?: string;
}) {
  const { t } = useT();
  const { id, title, caption } = SECTIONS[by];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      <RatesTable
        caption={captionText ?? t(caption)}
        firstColumn={t(`reports:columns.${by}`)}
        groups={groups}
        total={total}
        totalLabel={totalLabel}
      />
    </section>
  );
}
