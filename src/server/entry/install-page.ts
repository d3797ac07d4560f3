import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { serverContext } from "../composition";
import { loadInstallView } from "../http/install-view";
import { offerPage, PAGE_CAPTURE_HEADER } from "../http/page-cache-signals";
import type { InstallView, InstallViewResult } from "../services/install-page-view";
import { installScopeOf } from "../services/page-audience";

// The install pages' glue to Next (/{app}, /{app}/{channel}, /{app}/releases/{id}): the request's
// headers, cookies and session in, the view model out, once per request for the page and its
// metadata alike.

type Search = Record<string, string | string[] | undefined>;

export interface InstallPageTarget {
  slug: string;
  channel: string | null;
  releaseId: string | null;
  search: Search;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

// React's per-request cache: generateMetadata and the page of one request share a single load (one
// read of the store at most, one session decode at most). Primitive arguments, since it compares
// them by identity.
const loadOnce = cache(async (slug: string, channel: string | null, releaseId: string | null, platform?: string, device?: string, before?: string): Promise<InstallViewResult> => {
  const [{ store, config, grants, installSnapshots, sessionClaim }, headerList, cookieStore] = await Promise.all([serverContext(), headers(), cookies()]);
  return loadInstallView(
    store,
    {
      slug,
      channel,
      releaseId,
      headers: headerList,
      cookies: cookieStore,
      search: { platform, device, before },
      // Called at most once per request, and only for a private app without the visitor's share link.
      installer: (app, target) => installScopeOf({ store, sessionClaim: () => sessionClaim(headerList) }, app, target),
    },
    { publicUrl: config.publicUrl, grants },
    installSnapshots,
  );
});

function load(target: InstallPageTarget): Promise<InstallViewResult> {
  const { search } = target;
  return loadOnce(target.slug, target.channel, target.releaseId, one(search.platform), one(search.device), one(search.before));
}

/**
 * The page's view model (a 404 for unknown or hidden apps, channels and releases); records the
 * page view and offers the page to the page cache for the audience it was rendered for.
 */
export async function installPageView(target: InstallPageTarget): Promise<InstallView> {
  const result = await load(target);
  if (result.kind === "not_found") notFound();
  const view = result.view;
  offerPage((await headers()).get(PAGE_CAPTURE_HEADER), { audience: view.audience, rollout: view.rollout, pageView: view.events });
  (await serverContext()).installEvents.record({ ...view.events, kind: "page_view", artifactId: null });
  return view;
}

/**
 * Metadata that never reveals a private app: its name appears only in the page itself. A page the
 * visitor cannot see, or that does not exist, gets the same plain title. Not indexed unless public.
 */
export async function installPageMetadata(target: InstallPageTarget): Promise<Metadata> {
  const result = await load(target);
  const app = result.kind === "ok" ? result.view.app : null;
  const title = app && app.visibility !== "private" ? `Install ${app.displayName}` : "Install";
  return { title, robots: { index: app?.visibility === "public", follow: false }, referrer: "no-referrer" };
}
