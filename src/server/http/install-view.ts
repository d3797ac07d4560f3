import { visitorDevice } from "@/domain/device";
import type { InstallSnapshotSource } from "../services/install-page";
import { type InstallPageRequest, type InstallViewResult, loadInstallPageView } from "../services/install-page-view";
import type { Store } from "../store/types";
import { DEVICE_COOKIE } from "./device-cookie";
import { type InstallLinkDeps, installLinks } from "./install-links";
import { shareCookieName } from "./share-cookie";

// An install page request in HTTP terms (headers, cookies, query) turned into the service's plain
// request, with the link minting this layer owns.

export interface InstallRequest {
  slug: string;
  /** A channel page, or null for the app page (its default channel). */
  channel: string | null;
  /** A release page. */
  releaseId: string | null;
  headers: { get(name: string): string | null };
  cookies: { get(name: string): { value: string } | undefined };
  search: { platform?: string; device?: string; before?: string };
  /** What the signed-in visitor may install of the app, if the page is for them: only private apps wait for it. */
  installer: InstallPageRequest["installer"];
}

/** `links`: PUBLIC_URL and the grant codec; `snapshots`: the pages' kept reads (both from the composition root). */
export function loadInstallView(store: Store, req: InstallRequest, links: InstallLinkDeps, snapshots?: InstallSnapshotSource): Promise<InstallViewResult> {
  return loadInstallPageView(
    store,
    { publicUrl: links.publicUrl, ...installLinks(links), snapshots },
    {
      slug: req.slug,
      channel: req.channel,
      releaseId: req.releaseId,
      device: visitorDevice(req.headers, req.search.device),
      deviceId: req.cookies.get(DEVICE_COOKIE)?.value ?? null,
      shareSecret: req.cookies.get(shareCookieName(req.slug))?.value || null,
      platform: req.search.platform,
      before: req.search.before,
      installer: req.installer,
    },
  );
}
