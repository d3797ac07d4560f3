"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui";

/** Who sees a section: everyone with the console, maintainers of some app, or admins (its page refuses the others too). */
type Audience = "console" | "maintainers" | "admins";

const LINKS: { href: string; label: string; audience: Audience }[] = [
  { href: "/admin", label: "Apps", audience: "console" },
  { href: "/admin/tokens", label: "Tokens", audience: "maintainers" },
  { href: "/admin/audit", label: "Audit log", audience: "admins" },
  { href: "/admin/users", label: "Users", audience: "admins" },
  { href: "/admin/settings", label: "Settings", audience: "admins" },
];

/** Which nav entry a path belongs to: app pages (/admin/apps/…) count as "Apps". */
export function currentNavHref(pathname: string): string | null {
  for (const link of LINKS.slice(1)) {
    if (pathname === link.href || pathname.startsWith(`${link.href}/`)) return link.href;
  }
  return pathname === "/admin" || pathname.startsWith("/admin/apps") ? "/admin" : null;
}

/** The console's sections; wraps onto its own row on narrow screens rather than hiding behind a menu. */
export function AdminNav({ className, isAdmin, maintainsSome }: { className?: string; isAdmin: boolean; maintainsSome: boolean }) {
  const current = currentNavHref(usePathname());
  return (
    <nav aria-label="Admin sections" className={className}>
      <ul className="flex flex-wrap gap-1">
        {LINKS.filter((link) => link.audience === "console" || isAdmin || (link.audience === "maintainers" && maintainsSome)).map((link) => {
          const active = link.href === current;
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={cx(
                  "inline-flex min-h-9 items-center rounded-md px-3 text-sm font-medium",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
                  active ? "bg-brand-50 text-brand-700 dark:bg-brand-900 dark:text-brand-50" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
                )}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
