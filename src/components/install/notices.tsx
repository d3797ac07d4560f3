import type { InstallNotice } from "@/domain/preinstall";

/** Pre-install findings: blockers in red, warnings in amber, both before any button. */
export function Notices({ notices }: { notices: InstallNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="flex flex-col gap-2" data-testid="notices">
      {notices.map((notice) => (
        <li
          key={notice.code}
          data-code={notice.code}
          data-severity={notice.severity}
          className={
            notice.severity === "blocker"
              ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
              : "rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          }
        >
          {/* The alert role on the item's content, not the <li>: a list item must stay a listitem. */}
          <p role={notice.severity === "blocker" ? "alert" : undefined}>
            <strong className="font-semibold">{notice.severity === "blocker" ? "Won't install: " : "Note: "}</strong>
            {notice.message}
          </p>
        </li>
      ))}
    </ul>
  );
}
