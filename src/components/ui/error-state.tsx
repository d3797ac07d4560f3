import type { ReactNode } from "react";
import { cx } from "./cx";

interface ErrorStateProps {
  title?: ReactNode;
  /** What went wrong in the user's words (never a column name or a stack trace). */
  message: ReactNode;
  /** A retry button or a link elsewhere. */
  action?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/** A failed load in place of the content it was meant to show; role="alert" so it is announced. */
export function ErrorState({ title = "Something went wrong", message, action, className, ...rest }: ErrorStateProps) {
  return (
    <div
      role="alert"
      data-testid={rest["data-testid"]}
      className={cx("flex flex-col items-start gap-2 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100", className)}
    >
      <p className="font-semibold">{title}</p>
      <div className="text-sm">{message}</div>
      {action ? <div className="mt-1">{action}</div> : null}
    </div>
  );
}
