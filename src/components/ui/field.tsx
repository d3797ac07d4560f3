import type { ReactNode } from "react";
import { cx } from "./cx";

export interface FieldText {
  label?: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** The ids a control points at with aria-describedby: its hint and its error, when present. */
export function describedBy(id: string, text: FieldText, own?: string): string | undefined {
  const ids = [own, text.hint ? `${id}-hint` : null, text.error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/**
 * Shared look of text-like controls; the error state swaps the border so it is not color alone (the
 * text says it too). 16 px text on phones: iOS Safari zooms the page into any smaller field on focus.
 */
export function controlClasses(invalid: boolean, className?: string): string {
  return cx(
    "block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 sm:text-sm",
    "dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400",
    "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500",
    "disabled:cursor-not-allowed disabled:opacity-60",
    invalid ? "border-red-700 dark:border-red-400" : "border-slate-300 dark:border-slate-700",
    className,
  );
}

/**
 * Label above, control, then hint and error below; the control wires itself to the ids used here.
 * Labels and messages often hold a name (an app's, up to 100 characters without a space): they wrap
 * anywhere, which also lets a fieldset or table around them shrink to the screen.
 */
export function Field({ id, label, hint, error, className, children }: FieldText & { id: string; className?: string; children: ReactNode }) {
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      {label ? (
        <label htmlFor={id} className="text-sm font-medium wrap-anywhere text-slate-800 dark:text-slate-200">
          {label}
        </label>
      ) : null}
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs wrap-anywhere text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium wrap-anywhere text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
