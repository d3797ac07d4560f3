import type { ComponentProps } from "react";
import { cx } from "./cx";

export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info";

// 800/900 text on 100 backgrounds (and 200 on translucent 900 in dark) keep well above 4.5:1.
const tones: Record<BadgeTone, string> = {
  neutral: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  success: "bg-green-100 text-green-900 dark:bg-green-900/50 dark:text-green-200",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  danger: "bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200",
  info: "bg-brand-50 text-brand-900 dark:bg-brand-900 dark:text-brand-100",
};

/** A short status label ("valid", "revoked"); the word carries the meaning, the color only helps. */
export function Badge({ tone = "neutral", className, ...props }: ComponentProps<"span"> & { tone?: BadgeTone }) {
  return <span className={cx("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", tones[tone], className)} {...props} />;
}
