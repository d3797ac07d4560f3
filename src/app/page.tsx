// / — the public apps of this Shipyard (unlisted and private apps never appear here); after sign-in,
// also the apps and channels the user may install: through a role on an app, or a tester group.
import Link from "next/link";
import { InstallableAppList } from "@/components/install/installable-app-list";
import { serverContext } from "@/server/composition";
import { currentUser } from "@/server/entry/current-user";
import { opensConsole } from "@/domain/roles";
import { rolesOnApps } from "@/server/services/access";
import { listPublicApps } from "@/server/services/apps";
import { installableApps } from "@/server/services/installable-apps";
import { setReleaseMailAction } from "./release-mail-action";
import { signOutAction } from "./sign-out-action";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [{ store }, user] = await Promise.all([serverContext(), currentUser()]);
  const apps = await listPublicApps(store);
  const mine = user ? await installableApps(store, user) : null;
  // A tester's session opens no console: the link would only bring them back here.
  const showConsole = user === null || opensConsole(user, Object.values(await rolesOnApps(store, user)));
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 px-4 py-10 sm:px-6 sm:py-16">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold">Shipyard</h1>
        <p className="text-slate-600 dark:text-slate-400">Test builds, installed in one tap.</p>
      </header>
      {user && mine && (
        <section className="flex flex-col gap-3" aria-labelledby="your-apps">
          <h2 id="your-apps" className="text-xl font-semibold">
            Your apps
          </h2>
          <InstallableAppList apps={mine} />
          <form action={setReleaseMailAction} className="flex flex-wrap items-center gap-3 text-sm">
            <input type="hidden" name="notify" value={user.notifyReleases ? "off" : "on"} />
            <span className="text-slate-600 dark:text-slate-400">{user.notifyReleases ? "You get an email when a new build reaches your channels." : "You get no emails about new builds."}</span>
            <button type="submit" className="min-h-11 rounded-lg border border-slate-300 px-3 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900" data-testid="release-mail-toggle">
              {user.notifyReleases ? "Stop these emails" : "Email me about new builds"}
            </button>
          </form>
        </section>
      )}
      {apps.length === 0 ? (
        !user && (
          <p className="text-slate-600 dark:text-slate-400" data-testid="no-public-apps">
            No public apps. If someone sent you a link, open it directly.
          </p>
        )
      ) : (
        <section className="flex flex-col gap-3" aria-labelledby={user ? "public-apps-heading" : undefined}>
          {user && (
            <h2 id="public-apps-heading" className="text-xl font-semibold">
              Public apps
            </h2>
          )}
          <ul className="flex flex-col gap-2" data-testid="public-apps">
            {apps.map((app) => (
              <li key={app.id}>
                <Link
                  href={`/${app.slug}`}
                  className="flex min-h-12 items-center rounded-xl border border-slate-200 px-4 font-medium wrap-anywhere hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900"
                >
                  {app.displayName}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="flex flex-wrap gap-x-4 text-sm">
        {user && (
          <span className="wrap-anywhere text-slate-600 dark:text-slate-400" data-testid="home-signed-in-as">
            Signed in as {user.email}
          </span>
        )}
        {user && (
          <Link className="text-brand-600 underline dark:text-brand-100" href="/login/password">
            Change password
          </Link>
        )}
        {showConsole && (
          <Link className="text-brand-600 underline dark:text-brand-100" href="/admin">
            Admin console
          </Link>
        )}
        {user && (
          <form action={signOutAction} className="contents">
            <button type="submit" className="text-brand-600 underline dark:text-brand-100" data-testid="home-sign-out">
              Sign out
            </button>
          </form>
        )}
      </p>
    </main>
  );
}
