// What Next-rendered pages and the Node server in front of them tell each other about caching.
// Both sides may be separate module instances (Next bundles its own copy), so the shared state
// lives on globalThis.
import type { InstallEvent } from "@/domain/install-event";
import type { RolloutSplit } from "@/domain/rollout";
import type { PageAudience } from "../services/page-audience";

/** Set by the Node server on a request whose rendered page it may keep; never trusted from clients. */
export const PAGE_CAPTURE_HEADER = "x-shipyard-page-capture";

/** What a page says about the copy the server captured of it. */
export interface PageOffer {
  /** Whom the copy may be shown to: the server decides per request who belongs to it. */
  audience: PageAudience;
  /** The staged rollout that placed this visitor, and on which side: the copy is for that side's devices. */
  rollout: (RolloutSplit & { side: "in" | "out" }) | null;
  /** The page view to record each time the copy is served in its place. */
  pageView: Omit<InstallEvent, "id" | "createdAt" | "kind" | "artifactId">;
}

const shared = globalThis as unknown as { shipyardPageOffers?: Map<string, PageOffer> };
shared.shipyardPageOffers ??= new Map();
const offers = shared.shipyardPageOffers;

/** Called by a page the server may keep a copy of, for the audience it names. */
export function offerPage(captureId: string | null, offer: PageOffer): void {
  if (captureId) offers.set(captureId, offer);
}

/** The page's offer for a captured request, removed as it is taken. */
export function takePageOffer(captureId: string): PageOffer | null {
  const offer = offers.get(captureId) ?? null;
  offers.delete(captureId);
  return offer;
}
