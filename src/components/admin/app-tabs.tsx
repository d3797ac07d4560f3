"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui";
import { type AppAccess, allows } from "@/domain/roles";

/** The sections of one app's console; each is its own page under /admin/apps/{slug}. */
const TABS: { label: string; path: string; need: AppAccess }[] = [
  { label: "Overview", path: "", need: "viewer" },
  { label: "Releases", path: "/releases", need: "viewer" },
  { label: "Channels", path: "/channels", need: "viewer" },
  { label: "Testers", path: "/testers", need: "maintainer" },
  { label: "Webhooks", path: "/webhooks", need: "maintainer" },
  { label: "Settings", path: "/settings", need: "admin" },
];

function isCurrent(pathname: string, base: string, path: string): boolean {
  if (path === "") return pathname === base;
  return pathname === base + path || pathname.startsWith(`${base}${path}/`);
}

/** The tabs the user's role on the app opens (the pages refuse the others too). */
export function AppTabs({ slug, access }: { slug: string; access: AppAccess }) {
  const pathname = usePathname();
  const base = `/admin/apps/${slug}`;
  return (
    <nav aria-label="App sections" className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.filter((tab) => allows(access, tab.need)).map((tab) => {
          const current = isCurrent(pathname, base, tab.path);
          return (
            <li key={tab.label}>
              <Link
                href={base + tab.path}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
                  current
                    ? "border-brand-600 text-slate-900 dark:border-brand-100 dark:text-slate-100"
                    : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
