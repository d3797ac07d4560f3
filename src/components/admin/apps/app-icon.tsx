import { cx } from "@/components/ui";
import { initialOf } from "@/domain/initial";

/**
 * An app's icon from its newest build, or the first character of its name (a whole emoji or flag)
 * on a tinted square when no build has one. Decorative: the name beside it says which app this is.
 */
export function AppIcon({ name, url, className }: { name: string; url: string | null; className?: string }) {
  const box = cx("size-9 shrink-0 rounded-lg", className);
  if (url) {
    // biome-ignore lint/performance/noImgElement: the icon route answers with a small PNG, nothing for next/image to optimise.
    return <img src={url} alt="" width={36} height={36} loading="lazy" className={cx(box, "object-cover")} data-testid="app-icon" />;
  }
  const letter = initialOf(name) || "?";
  return (
    <span aria-hidden className={cx(box, "flex items-center justify-center bg-brand-50 font-semibold text-brand-900 dark:bg-brand-900 dark:text-brand-100")} data-testid="app-icon-letter">
      {letter}
    </span>
  );
}
