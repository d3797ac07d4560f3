import type { ComponentProps } from "react";
import { cx } from "./cx";

/** A spinning ring with a text alternative; `label` is read by screen readers, not shown. */
export function Spinner({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <span role="status" className={cx("inline-flex items-center", className)}>
      <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600 dark:border-slate-700 dark:border-t-brand-100" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A grey placeholder block where content will appear; size it with className (h-4 w-40 …). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cx("animate-pulse rounded-md bg-slate-200 dark:bg-slate-800", className)} {...props} />;
}
