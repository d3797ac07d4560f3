import type { ComponentProps } from "react";
import { ButtonLink } from "./button";
import { cx } from "./cx";

export interface PagerLink {
  href: string;
  label: string;
  testId?: string;
}

/**
 * The links of a cursor-paged list: back to the first page (left) and on to older rows (right).
 * Renders nothing on a list that fits one page. `label` names the nav for screen readers.
 */
export function Pager({ label, first, next, className, ...rest }: { label: string; first: PagerLink | null; next: PagerLink | null } & ComponentProps<"nav">) {
  if (!first && !next) return null;
  return (
    <nav aria-label={label} className={cx("flex flex-wrap justify-between gap-2", className)} {...rest}>
      {first ? (
        <ButtonLink href={first.href} variant="secondary" size="sm" data-testid={first.testId}>
          {first.label}
        </ButtonLink>
      ) : (
        // Keeps the next link on the right.
        <span />
      )}
      {next ? (
        <ButtonLink href={next.href} variant="secondary" size="sm" data-testid={next.testId}>
          {next.label}
        </ButtonLink>
      ) : null}
    </nav>
  );
}
