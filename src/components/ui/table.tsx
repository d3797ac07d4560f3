import type { ReactNode } from "react";
import { cx } from "./cx";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  className?: string;
  /** Left out of the card layout below 640 px (secondary detail that would make cards too long). */
  hideOnMobile?: boolean;
}

interface TableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Read by screen readers as the table's name; visually hidden. */
  caption?: ReactNode;
  /** Shown instead of the table when there are no rows (an EmptyState, usually). */
  empty?: ReactNode;
  rowTestId?: (row: Row) => string;
  /** data-* attributes for a row (what a test or script needs to tell rows apart, e.g. data-action). */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  className?: string;
  "data-testid"?: string;
}

/**
 * One <table> in the DOM, restyled by CSS: a real table from 640 px up, a stack of cards below it,
 * where each cell shows its column header as a label. One copy of every row (not a table plus a
 * card list) so tests and assistive tech never meet the same content twice.
 */
export function Table<Row>({ columns, rows, rowKey, caption, empty, rowTestId, rowData, className, ...rest }: TableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className={cx("sm:overflow-x-auto", className)}>
      <table className="block w-full text-left text-sm sm:table" data-testid={rest["data-testid"]}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="hidden border-b border-slate-200 text-slate-600 sm:table-header-group dark:border-slate-800 dark:text-slate-400">
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cx("px-3 py-2 font-medium first:pl-0", column.className)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="flex flex-col gap-3 sm:table-row-group">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              {...rowData?.(row)}
              data-testid={rowTestId?.(row)}
              className={cx(
                "flex flex-col gap-1 rounded-lg border border-slate-200 p-3 dark:border-slate-800",
                "sm:table-row sm:rounded-none sm:border-0 sm:border-b sm:border-slate-100 sm:p-0 sm:dark:border-slate-900",
              )}
            >
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={cx(
                    // Exactly one display utility per width: "hidden" and "grid" together would race in the stylesheet.
                    column.hideOnMobile ? "hidden" : "grid grid-cols-[minmax(6rem,35%)_1fr] gap-2",
                    "break-words sm:table-cell sm:px-3 sm:py-2 sm:align-top sm:first:pl-0",
                    column.className,
                  )}
                >
                  {/* The header again, for the card layout only; hidden (and not read) from 640 px up, where <th> does the job. */}
                  <span className="text-xs font-medium text-slate-600 sm:hidden dark:text-slate-400">{column.header}</span>
                  <div className="min-w-0">{column.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
