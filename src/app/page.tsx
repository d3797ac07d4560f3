// / — the public apps of this Shipyard (unlisted and private apps never appear here)
import Link from "next/link";
import { serverContext } from "@/server/composition";
import { listPublicApps } from "@/server/services/apps";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const apps = await listPublicApps((await serverContext()).store);
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 px-4 py-10 sm:px-6 sm:py-16">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold">Shipyard</h1>
        <p className="text-slate-600 dark:text-slate-400">Test builds, installed in one tap.</p>
      </header>
      {apps.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400" data-testid="no-public-apps">
          No public apps. If someone sent you a link, open it directly.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="public-apps">
          {apps.map((app) => (
            <li key={app.id}>
              <Link href={`/${app.slug}`} className="flex min-h-12 items-center rounded-xl border border-slate-200 px-4 font-medium hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900">
                {app.displayName}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm">
        <Link className="text-brand-600 underline dark:text-brand-100" href="/admin">
          Admin console
        </Link>
      </p>
    </main>
  );
}
