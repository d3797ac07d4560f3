import type { Channel, ChannelHistoryEntry } from "./channel";

// What a signed-in visitor may install of a private app: everything (a role on the app), or only
// the channels their tester groups give them. Pure, so the install page and the page cache, which
// must decide alike, share these rules.

export type InstallScope = { kind: "member" } | { kind: "channels"; channels: readonly string[] };

export const MEMBER_SCOPE: InstallScope = { kind: "member" };

/** What an install page URL names: a channel page, a release page, or neither (the app page). */
export interface PageTarget {
  channel: string | null;
  releaseId: string | null;
}

/**
 * Whether a release reached one of the given channels: it is their current release or rollout
 * fallback, or their history moved one of them onto it (a later promotion does not take it back:
 * a notice about it may still be read).
 */
export function releaseReached(
  releaseId: string,
  given: readonly Pick<Channel, "id" | "currentReleaseId" | "previousReleaseId">[],
  history: readonly Pick<ChannelHistoryEntry, "channelId" | "releaseId">[],
): boolean {
  const ids = new Set(given.map((c) => c.id));
  return given.some((c) => c.currentReleaseId === releaseId || c.previousReleaseId === releaseId) || history.some((h) => h.releaseId === releaseId && ids.has(h.channelId));
}

/**
 * The channel the app page (/{app}) shows a visitor limited to `given`: the first of the page's
 * channels (in page order) among those given that has a release, else the first given one.
 */
export function defaultChannelWithin(ordered: readonly Pick<Channel, "name" | "currentReleaseId">[], given: readonly string[]): string | null {
  const mine = ordered.filter((c) => given.includes(c.name));
  return (mine.find((c) => c.currentReleaseId !== null) ?? mine[0])?.name ?? null;
}
