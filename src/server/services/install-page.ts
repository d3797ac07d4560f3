import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { type Channel, DEFAULT_CHANNELS } from "@/domain/channel";
import type { Page } from "@/domain/pagination";
import type { Release } from "@/domain/release";
import { releaseIdForDevice, stagedFallbackId } from "@/domain/rollout";
import type { Platform } from "@/domain/platform";
import { fallbackCandidates, platformFallbackPlan } from "@/domain/platform-fallback";
import type { ShareLink } from "@/domain/share-link";
import type { TesterGroup } from "@/domain/tester-group";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { loadChannelTimeline } from "./channels";
import { resolveShareLink } from "./share-links";

// What an install page reads, in a constant number of store calls whatever the history holds: the
// app, the channels, one page of history, the releases the page may show, the files of all those
// releases at once and the previous APK for the signer check, in one read transaction (a picture
// of one moment). That much is the same for every visitor of the URL, so it may be kept between
// requests (install-page-snapshots.ts); the visitor's share link, device id and session are applied
// to it per request.

export interface ChannelChoice {
  name: string;
  rolloutPercent: number;
  hasRelease: boolean;
}

export const HISTORY_PAGE_SIZE = 20;

/** Channels in the order testers expect: stable, beta, internal, then the rest by name. */
export function orderChannels(channels: readonly Channel[]): Channel[] {
  const rank = (name: string) => {
    const i = (DEFAULT_CHANNELS as readonly string[]).indexOf(name);
    return i === -1 ? DEFAULT_CHANNELS.length : i;
  };
  return [...channels].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export interface InstallSnapshotQuery {
  slug: string;
  /** A channel page, or null for the app page (its default channel). */
  channel: string | null;
  /** A release page. */
  releaseId: string | null;
  /** The history cursor (?before=). */
  before: string | undefined;
}

/** What one install page URL shows every visitor alike: nothing of the visitor's device, share link or session. */
export interface InstallSnapshot {
  app: App;
  channels: Channel[];
  /** The channel the page shows; null on a release page and when no channel has a release. */
  channel: Channel | null;
  /** The releases a visitor may be shown, by id: a release page's, or the channel's current one and, during a staged rollout, its previous one. */
  shown: ReadonlyMap<string, Release>;
  history: Page<Release>;
  /** The files of the shown releases and of every history entry, oldest first per release. */
  filesOf: (releaseId: string) => Artifact[];
  /** For a shown release with an APK: the first APK of the newest older release that has one (the signer warning's reference). */
  previousApkOf: (releaseId: string) => Artifact | null;
  /**
   * On a channel page, for a shown release: the older releases of the channel serving the
   * platforms it has no file of (domain/platform-fallback.ts), whose files filesOf also holds.
   */
  fallbacksOf: (releaseId: string) => PlatformFallback[];
}

/** An older release of the channel whose files of `platform` a visitor gets, the shown one having none. */
export interface PlatformFallback {
  platform: Platform;
  release: Release;
}

export interface InstallPageQuery extends InstallSnapshotQuery {
  /** The visitor's device id (rollout bucket), from their cookie. */
  deviceId: string | null;
  /** The raw share secret from the visitor's cookie for this app. */
  shareSecret: string | null;
}

export interface InstallPageData {
  app: App;
  /**
   * The visitor's share link of the app; for a private app, also the tester group whose outside
   * member it was given to (it opens that group's channels only), else null.
   */
  share: { link: ShareLink | null; secret: string | null; exhausted: boolean; group: TesterGroup | null };
  channels: Channel[];
  /** The channel the page shows; null on a release page and when no channel has a release. */
  channel: Channel | null;
  release: Release | null;
  /** True when the rollout gave this visitor the channel's previous release. */
  heldBack: boolean;
  history: Page<Release>;
  /** The files of the shown release and of every history entry, oldest first per release. */
  filesOf: (releaseId: string) => Artifact[];
  /** The platforms the release has no file of, served by older releases of the channel (a channel page only). */
  fallbacks: PlatformFallback[];
  /** The first APK of the newest older release that has one (the signer warning's reference). */
  previousApk: Artifact | null;
}

/** Keeps snapshots between requests (install-page-snapshots.ts); without one, every request reads. */
export interface InstallSnapshotSource {
  read(query: InstallSnapshotQuery): Promise<InstallSnapshot | null>;
}

/**
 * The previous APK when the history page already settles it, undefined when only the store can
 * tell. A page holds every release from its newest entry down to its oldest, so below the shown
 * release the first one with an APK is the answer; past the app's first release there is none.
 */
function previousApkInPage(history: Page<Release>, release: Release, filesOf: (releaseId: string) => Artifact[]): Artifact | null | undefined {
  const at = history.items.findIndex((r) => r.id === release.id);
  if (at === -1) return undefined;
  for (const older of history.items.slice(at + 1)) {
    const apk = filesOf(older.id).find((a) => a.platform === "android_apk");
    if (apk) return apk;
  }
  return history.nextCursor === null ? null : undefined;
}

const NO_SHARE_LINK: InstallPageData["share"] = { link: null, secret: null, exhausted: false, group: null };

async function viewerShareLink(store: Pick<ReadStore, "shareLinks" | "testerGroups">, app: App, secret: string | null): Promise<InstallPageData["share"]> {
  if (!secret) return NO_SHARE_LINK;
  const result = await resolveShareLink(store, secret);
  if (!result.ok || result.link.appId !== app.id) return NO_SHARE_LINK;
  const group = app.visibility === "private" ? await store.testerGroups.groupOfShareLink(app.id, result.link.id) : null;
  return { link: result.link, secret, exhausted: "exhausted" in result, group };
}

/**
 * Everything one install page URL shows, or null when the app, channel or release does not exist.
 * At most 8 calls: the app, its channels, on a channel page the channel's history (one page per
 * 500 moves), the history page, the shown and fallback releases not on it, the files, and the
 * previous APK of each shown release (two only during a staged rollout, when the page does not
 * settle both).
 */
export async function readInstallSnapshot(tx: ReadStore, query: InstallSnapshotQuery): Promise<InstallSnapshot | null> {
  const app = await tx.apps.getBySlug(query.slug);
  if (!app) return null;
  // Sequential awaits throughout: queries in one transaction run one after another anyway, and
  // Prisma has merged concurrent findUnique calls of one interactive transaction (prisma#23951).
  const channels = orderChannels(await tx.channels.listByApp(app.id));
  let channel: Channel | null = null;
  let candidates: string[];
  if (query.releaseId !== null) {
    candidates = [query.releaseId];
  } else {
    channel = query.channel === null ? (channels.find((c) => c.currentReleaseId !== null) ?? null) : (channels.find((c) => c.name === query.channel) ?? null);
    if (query.channel !== null && !channel) return null;
    // Whichever side of a staged rollout a visitor falls on, their release is one of these.
    candidates = channel ? [channel.currentReleaseId, stagedFallbackId(channel)].filter((id): id is string => id !== null) : [];
  }

  // On a channel page, the older settled releases of the channel that may serve a platform the
  // shown releases have none of (domain/platform-fallback.ts), read along with the rest below.
  const settled = channel && candidates.length > 0 ? (await loadChannelTimeline(tx, channel)).settled : [];
  const olderOf = new Map(candidates.map((id) => [id, fallbackCandidates(settled, id)]));
  const older = [...new Set([...olderOf.values()].flat())];

  const history = await tx.releases.listByApp(app.id, { limit: HISTORY_PAGE_SIZE, ...(query.before && { cursor: query.before }) });
  // The shown releases are usually on the first history page already, and so are older ones.
  const onPage = new Map(history.items.map((r) => [r.id, r]));
  const missing = [...new Set([...candidates, ...older])].filter((id) => !onPage.has(id));
  const fetched = new Map((missing.length > 0 ? await tx.releases.getByIds(missing) : []).map((r) => [r.id, r]));
  const known = (id: string) => {
    const release = onPage.get(id) ?? fetched.get(id);
    return release?.appId === app.id ? release : undefined;
  };
  const shown = new Map<string, Release>();
  for (const id of candidates) {
    const release = known(id);
    if (release) shown.set(id, release);
  }
  if (query.releaseId !== null && shown.size === 0) return null;

  const ids = [...new Set([...shown.keys(), ...history.items.map((r) => r.id), ...older])];
  const files = (await tx.artifacts.listByReleases(ids)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const byRelease = new Map<string, Artifact[]>();
  for (const file of files) {
    const list = byRelease.get(file.releaseId);
    if (list) list.push(file);
    else byRelease.set(file.releaseId, [file]);
  }
  const fallbacks = new Map<string, PlatformFallback[]>();
  for (const id of shown.keys()) {
    const plan = platformFallbackPlan(byRelease.get(id) ?? [], olderOf.get(id) ?? [], (other) => byRelease.get(other) ?? []);
    fallbacks.set(
      id,
      [...plan].flatMap(([platform, from]) => {
        const release = known(from);
        return release ? [{ platform, release }] : [];
      }),
    );
  }
  const filesOf = (id: string) => byRelease.get(id) ?? [];
  const previousApks = new Map<string, Artifact | null>();
  for (const release of shown.values()) {
    if (!filesOf(release.id).some((a) => a.platform === "android_apk")) continue;
    const inPage = previousApkInPage(history, release, filesOf);
    previousApks.set(release.id, inPage === undefined ? await tx.artifacts.latestOfPlatformBefore(app.id, "android_apk", release.id) : inPage);
  }
  return { app, channels, channel, shown, history, filesOf, previousApkOf: (id) => previousApks.get(id) ?? null, fallbacksOf: (id) => fallbacks.get(id) ?? [] };
}

/** The snapshot as one visitor sees it: the release their device gets, and their share link. */
function forVisitor(snapshot: InstallSnapshot, query: InstallPageQuery, share: InstallPageData["share"]): InstallPageData {
  const { app, channel } = snapshot;
  const releaseId = query.releaseId ?? (channel && releaseIdForDevice(channel, query.deviceId));
  const release = (releaseId !== null && snapshot.shown.get(releaseId)) || null;
  return {
    app,
    share,
    channels: snapshot.channels,
    channel,
    release,
    heldBack: channel !== null && release !== null && release.id !== channel.currentReleaseId,
    history: snapshot.history,
    filesOf: snapshot.filesOf,
    previousApk: release ? snapshot.previousApkOf(release.id) : null,
    fallbacks: release ? snapshot.fallbacksOf(release.id) : [],
  };
}

/**
 * Everything the page shows this visitor, or null when the app, channel or release does not exist.
 * Whether a private app's page is for this visitor is the caller's to decide, after the reads
 * (install-page-view.ts): no lock is held while a session is decoded. With `snapshots` the page's
 * snapshot may come from memory; the share link is the visitor's own and can be revoked, expire or
 * run out of installs at any moment, so it is always read, outside the snapshot. Without, both are
 * read in one transaction.
 */
export async function readInstallPage(store: Store, query: InstallPageQuery, snapshots?: InstallSnapshotSource): Promise<InstallPageData | null> {
  if (snapshots) {
    const snapshot = await snapshots.read(query);
    return snapshot && forVisitor(snapshot, query, await viewerShareLink(store, snapshot.app, query.shareSecret));
  }
  return store.readTransaction(async (tx) => {
    const snapshot = await readInstallSnapshot(tx, query);
    return snapshot && forVisitor(snapshot, query, await viewerShareLink(tx, snapshot.app, query.shareSecret));
  });
}
