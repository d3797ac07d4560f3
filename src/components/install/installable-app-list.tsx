import Link from "next/link";
import type { InstallableApp } from "@/server/services/installable-apps";

// The home page's list of what a signed-in user may install: each app with a link per channel.
export function InstallableAppList({ apps }: { apps: InstallableApp[] }) {
  if (apps.length === 0) {
    return (
      <p className="text-slate-600 dark:text-slate-400" data-testid="no-installable-apps">
        No apps have been shared with you yet.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-3" data-testid="installable-apps">
      {apps.map(({ app, channels }) => (
        <li key={app.id} className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
          {/* A name runs to 100 characters without a space: it wraps rather than widen a phone's page. */}
          <Link href={`/${app.slug}`} className="font-medium wrap-anywhere underline-offset-4 hover:underline">
            {app.displayName}
          </Link>
          <ul className="mt-2 flex flex-wrap gap-2" aria-label={`Channels of ${app.displayName}`}>
            {channels.map((channel) => (
              <li key={channel}>
                <Link
                  href={`/${app.slug}/${channel}`}
                  className="inline-flex min-h-11 max-w-full items-center rounded-lg border border-slate-300 px-3 text-sm wrap-anywhere hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
                >
                  {channel}
                </Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
