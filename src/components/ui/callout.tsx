import type { ComponentProps } from "react";
import { cx } from "./cx";

export type CalloutTone = "info" | "success" | "warning" | "danger";

// 900 text on 50 backgrounds, 100 text on 900/950 in dark: both well above 4.5:1, also for links inside.
const tones: Record<CalloutTone, string> = {
  info: "border-brand-100 bg-brand-50 text-brand-900 dark:border-brand-700 dark:bg-brand-900 dark:text-brand-100",
  success: "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  danger: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

/**
 * A tinted box of text inside a page or form: a refusal, a warning, a result. It sets no role:
 * the caller says whether it interrupts (role="alert"), is news (role="status"), or neither.
 * For a load that failed in place of the content, use ErrorState.
 */
export function Callout({ tone = "info", className, ...props }: ComponentProps<"div"> & { tone?: CalloutTone }) {
  return <div className={cx("flex flex-col gap-2 rounded-md border px-3 py-2 text-sm break-words", tones[tone], className)} {...props} />;
}
