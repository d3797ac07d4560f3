import type { Platform } from "@/domain/platform";
import { PLATFORM_LABELS } from "./labels";

/** Detection can be wrong (or the tester wants another device's file): switching is always one tap. */
export function PlatformSwitcher({ platforms, current, basePath }: { platforms: Platform[]; current: Platform | null; basePath: string }) {
  if (platforms.length < 2) return null;
  return (
    <nav aria-label="Platform" className="flex flex-wrap gap-2 text-sm" data-testid="platform-switcher">
      {platforms.map((p) => (
        <a
          key={p}
          href={`${basePath}?platform=${p}`}
          aria-current={p === current ? "true" : undefined}
          className={
            p === current
              ? "rounded-full bg-slate-900 px-3 py-1 font-medium text-white dark:bg-slate-100 dark:text-slate-900"
              : "rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
          }
        >
          {PLATFORM_LABELS[p]}
        </a>
      ))}
    </nav>
  );
}
