import type { ReactNode } from "react";
import { cx } from "./cx";

interface EmptyStateProps {
  title: ReactNode;
  /** One sentence on what to do next ("Create a token to publish from CI."). */
  description: ReactNode;
  action?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/** What an empty list shows: that it is empty, and the next step. */
export function EmptyState({ title, description, action, className, ...rest }: EmptyStateProps) {
  return (
    <div data-testid={rest["data-testid"]} className={cx("flex flex-col items-center gap-2 rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700", className)}>
      <p className="font-medium">{title}</p>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">{description}</p>
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
