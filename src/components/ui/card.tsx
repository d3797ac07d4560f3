import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./cx";

/** A bordered box for one group of facts or controls. */
export function Card({ className, ...props }: ComponentProps<"div">) {
  return <div className={cx("rounded-lg border border-slate-200 p-4 dark:border-slate-800", className)} {...props} />;
}

interface SectionProps extends Omit<ComponentProps<"section">, "title"> {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons beside the heading (wrap under it on narrow screens). */
  actions?: ReactNode;
  /** h2 by default; h3 for sections nested under another. */
  level?: 2 | 3;
}

/** A titled part of a page, named by its heading for assistive tech (aria-labelledby). */
export function Section({ title, description, actions, level = 2, className, children, ...props }: SectionProps) {
  const headingId = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={headingId} className={cx("flex flex-col gap-3", className)} {...props}>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="flex flex-col gap-1">
          <Heading id={headingId} className={level === 2 ? "text-lg font-semibold" : "text-base font-semibold"}>
            {title}
          </Heading>
          {description ? <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
