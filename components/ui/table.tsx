import type { ReactNode, TableHTMLAttributes, ThHTMLAttributes } from "react";
import { cx } from "./cx";

// Two kinds of table. Compact tables in panels and editors: uppercase column heads, rows split by a hairline
// (Table, TableHead, ColumnHead). Data tables of whole pages: a framed card that scrolls sideways when wide, with
// padded cells (DataTable, dataCell, dataHeadCell).

/** A compact table: full width, small text. */
export function Table({ className, ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return <table className={cx("w-full text-sm", className)} {...props} />;
}

/** The head of a compact table: one row of small uppercase column heads. */
export function TableHead({ children }: { children: ReactNode }) {
  return (
    <thead>
      <tr className="text-left text-[11px] text-neutral-500 uppercase">{children}</tr>
    </thead>
  );
}

/** A column head of a compact table; `numeric` aligns it right, `last` drops the gap before the next column. */
export function ColumnHead({
  numeric,
  last,
  className,
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; last?: boolean }) {
  return (
    <th
      scope="col"
      className={cx("py-1 font-medium", !last && "pr-2", numeric && "text-right", className)}
      {...props}
    />
  );
}

export type DataTableDensity = "regular" | "compact";

/** The padding of a data table's cells. */
export function dataCell(density: DataTableDensity = "regular"): string {
  return density === "compact" ? "px-3 py-1.5" : "px-3 py-2";
}

/** A data table's column head. */
export function dataHeadCell(density: DataTableDensity = "regular"): string {
  return cx(dataCell(density), "text-left font-medium whitespace-nowrap");
}

/**
 * A page's table in a framed card that scrolls sideways when wide: `raised` for a page's main table (rounder, with
 * a shadow), `tone="danger"` for errors.
 */
export function DataTable({
  label,
  raised,
  tone = "neutral",
  className,
  children,
}: {
  label: string;
  raised?: boolean;
  tone?: "neutral" | "danger";
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={cx(
        "overflow-x-auto border bg-white",
        raised ? "rounded-xl shadow-sm" : "rounded-lg",
        tone === "danger" ? "border-red-200" : "border-neutral-200",
      )}
    >
      <table className={cx("w-full text-sm", className)} aria-label={label}>
        {children}
      </table>
    </div>
  );
}
