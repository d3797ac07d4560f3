import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { type Channel, DEFAULT_CHANNELS } from "@/domain/channel";
import type { Page } from "@/domain/pagination";
import type { Release } from "@/domain/release";
import { releaseIdForDevice } from "@/domain/rollout";
import type { ShareLink } from "@/domain/share-link";
import type { ReadStore } from "../store/read-only";
import { resolveShareLink } from "./share-links";

// What an install page reads, in a constant number of store calls whatever the history holds: the
// app, the visitor's share link, the channels, one page of history, the shown release, the files
// of all those releases at once and the previous APK for the signer check. The caller runs it in
// one read transaction, so the page is a picture of one moment.

export interface Viewer {
  /** A signed-in user of this Shipyard. */
  userId: string | null;
  /** The share link this visitor came through, when it belongs to the app. */
  shareLink: ShareLink | null;
}

/** Public and unlisted apps are open to anyone with the URL; private ones need a session or the app's share link. */
export function canViewApp(app: Pick<App, "id" | "visibility">, viewer: Viewer): boolean {
  if (app.visibility !== "private") return true;
  return viewer.userId !== null || viewer.shareLink?.appId === app.id;
}

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

export interface InstallPageQuery {
  slug: string;
  /** A channel page, or null for the app page (its default channel). */
  channel: string | null;
  /** A release page. */
  releaseId: string | null;
  /** The visitor's device id (rollout bucket), from their cookie. */
  deviceId: string | null;
  /** The raw share secret from the visitor's cookie for this app. */
  shareSecret: string | null;
  /** The history cursor (?before=). */
  before: string | undefined;
}

export interface InstallPageData {
  app: App;
  share: { link: ShareLink | null; secret: string | null; exhausted: boolean };
  channels: Channel[];
  /** The channel the page shows; null on a release page and when no channel has a release. */
  channel: Channel | null;
  release: Release | null;
  /** True when the rollout gave this visitor the channel's previous release. */
  heldBack: boolean;
  history: Page<Release>;
  /** The files of the shown release and of every history entry, oldest first per release. */
  filesOf: (releaseId: string) => Artifact[];
  /** The first APK of the newest older release that has one (the signer warning's reference). */
  previousApk: Artifact | null;
  /** A private app and no share link of it: only a signed-in user may see the page (canViewApp). */
  needsSignedInUser: boolean;
}

/**
 * The previous APK when the history page already settles it, undefined when only the store can
 * tell. A page holds every release from its newest entry down to its oldest, so below the shown
 * release the first one with an APK is the answer; past the app's first release there is none.
 */
function previousApkInPage(history: Page<Release>, release: Release | null, filesOf: (releaseId: string) => Artifact[]): Artifact | null | undefined {
  const at = history.items.findIndex((r) => r.id === release?.id);
  if (at === -1) return undefined;
  for (const older of history.items.slice(at + 1)) {
    const apk = filesOf(older.id).find((a) => a.platform === "android_apk");
    if (apk) return apk;
  }
  return history.nextCursor === null ? null : undefined;
}

async function viewerShareLink(tx: ReadStore, app: App, secret: string | null): Promise<InstallPageData["share"]> {
  if (!secret) return { link: null, secret: null, exhausted: false };
  const result = await resolveShareLink(tx, secret);
  if (!result.ok || result.link.appId !== app.id) return { link: null, secret: null, exhausted: false };
  return { link: result.link, secret, exhausted: "exhausted" in result };
}

/**
 * Everything the page shows, or null when the app, channel or release does not exist. Whether a
 * signed-in user is needed is the caller's to check (needsSignedInUser), after the transaction:
 * the session is no store read, and the lock is not held while it is decoded.
 */
export async function readInstallPage(tx: ReadStore, query: InstallPageQuery): Promise<InstallPageData | null> {
  const app = await tx.apps.getBySlug(query.slug);
  if (!app) return null;
  // Sequential awaits throughout: queries in one transaction run one after another anyway, and
  // Prisma has merged concurrent findUnique calls of one interactive transaction (prisma#23951).
  const share = await viewerShareLink(tx, app, query.shareSecret);

  const channels = orderChannels(await tx.channels.listByApp(app.id));
  let channel: Channel | null = null;
  let releaseId: string | null;
  if (query.releaseId !== null) {
    releaseId = query.releaseId;
  } else {
    channel = query.channel === null ? (channels.find((c) => c.currentReleaseId !== null) ?? null) : (channels.find((c) => c.name === query.channel) ?? null);
    if (query.channel !== null && !channel) return null;
    releaseId = channel && releaseIdForDevice(channel, query.deviceId);
  }

  const history = await tx.releases.listByApp(app.id, { limit: HISTORY_PAGE_SIZE, ...(query.before && { cursor: query.before }) });
  // The shown release is usually on the first history page already.
  const found = releaseId === null ? null : (history.items.find((r) => r.id === releaseId) ?? (await tx.releases.getById(releaseId)));
  const release = found?.appId === app.id ? found : null;
  if (query.releaseId !== null && !release) return null;

  const ids = [...new Set([...(release ? [release.id] : []), ...history.items.map((r) => r.id)])];
  const files = (await tx.artifacts.listByReleases(ids)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const byRelease = new Map<string, Artifact[]>();
  for (const file of files) {
    const list = byRelease.get(file.releaseId);
    if (list) list.push(file);
    else byRelease.set(file.releaseId, [file]);
  }
  const filesOf = (id: string) => byRelease.get(id) ?? [];
  const hasApk = release !== null && filesOf(release.id).some((a) => a.platform === "android_apk");
  const inPage = hasApk ? previousApkInPage(history, release, filesOf) : null;
  const previousApk = inPage === undefined && release ? await tx.artifacts.latestOfPlatformBefore(app.id, "android_apk", release.id) : (inPage ?? null);
  return {
    app,
    share,
    channels,
    channel,
    release,
    heldBack: channel !== null && release !== null && release.id !== channel.currentReleaseId,
    history,
    filesOf,
    previousApk,
    needsSignedInUser: !canViewApp(app, { userId: null, shareLink: share.link }),
  };
}
