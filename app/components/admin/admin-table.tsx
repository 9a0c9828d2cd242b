import type { ReactNode } from "react";

/** A captioned table with column headers, scrolling sideways on narrow screens. Rows are the children. */
export function AdminTable({
  caption,
  headers,
  children,
  className,
}: {
  caption: string;
  /** Column headers; null leaves a column out. */
  headers: readonly (string | null)[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `admin-table ${className}` : "admin-table"}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) =>
              h === null ? null : (
                <th key={i} scope="col">
                  {h}
                </th>
              )
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
