import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import { buildElectronFeed } from "@/domain/feeds/electron-updater";
import { appcastItemFor, electronFeedFor } from "@/domain/feeds/feed-entries";
import { FEED_PATH_HINT, type FeedTarget, parseFeedPath } from "@/domain/feeds/feed-path";
import { buildAppcast } from "@/domain/feeds/sparkle";
import { checkGrant } from "@/domain/token-grant";
import type { Store } from "../store/types";
import { electronFeedFiles, feedRelease, sparkleArchive, sparkleFacts } from "./feeds";
import { authenticateToken } from "./tokens";

// A desktop feed as served: who may read it, which release it describes (feeds.ts) and the
// document itself, electron-updater's YAML or Sparkle's appcast.

/** Feeds are polled for hours; their file links must outlive one poll by far. */
export const FEED_GRANT_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface FeedDeps {
  store: Store;
  publicUrl: string;
  /** A file's download link: open for public apps, a signed grant for private ones (minted by the transport layer). */
  downloadUrl: (app: App, artifact: Artifact, options: { grantTtlSeconds: number }) => string;
}

export interface FeedRequest {
  slug: string;
  /** The path's segments after feeds/. */
  path: readonly string[];
  /** The raw bearer token, when the client sent one. */
  bearer: string | null;
  /** The client's own id, when it names itself: Sparkle clients are then bucketed into a rollout. */
  deviceId: string | null;
}

export interface FeedDocument {
  contentType: string;
  body: string;
}

const noSuchFeed = () => new DomainError("NOT_FOUND", "no such feed");

export async function buildFeedDocument(deps: FeedDeps, request: FeedRequest): Promise<FeedDocument> {
  const app = await deps.store.apps.getBySlug(request.slug);
  if (!app || !(await mayReadFeed(deps.store, app, request.bearer))) throw noSuchFeed();
  const target = parseFeedPath(request.path);
  if (!target) throw new DomainError("NOT_FOUND", FEED_PATH_HINT);
  const urlOf = (artifact: Artifact) => deps.downloadUrl(app, artifact, { grantTtlSeconds: FEED_GRANT_TTL_SECONDS });
  return target.format === "sparkle"
    ? { contentType: "application/rss+xml; charset=utf-8", body: await appcast(deps, app, target.channel, request.deviceId, urlOf) }
    : { contentType: "text/yaml; charset=utf-8", body: await electronFeed(deps.store, app, target, request.deviceId, urlOf) };
}

/**
 * Feeds of public and unlisted apps are open like their pages. A private app's feeds need a token
 * with releases:read for the app (electron-updater's `requestHeaders`, Sparkle's HTTP headers);
 * without one the answer is the same 404 as for an unknown app.
 */
async function mayReadFeed(store: Store, app: App, bearer: string | null): Promise<boolean> {
  if (app.visibility !== "private") return true;
  const auth = bearer ? await authenticateToken(store, bearer) : null;
  return auth?.ok === true && checkGrant(auth.token, { scope: "releases:read", appId: app.id }).allowed;
}

/** An appcast with the release's item, or none when no release of the channel has a macOS archive. */
async function appcast(deps: FeedDeps, app: App, channelName: string, deviceId: string | null, urlOf: (a: Artifact) => string): Promise<string> {
  const feed = await feedRelease(deps.store, app, channelName, { format: "sparkle", deviceId }, (artifacts) => sparkleArchive(artifacts) !== null);
  const archive = feed && sparkleArchive(feed.artifacts);
  const items =
    feed && archive
      ? [appcastItemFor({ appName: app.displayName, channel: feed.channel, release: feed.release, archive: { url: urlOf(archive), sizeBytes: archive.sizeBytes }, facts: sparkleFacts(archive) })]
      : [];
  return buildAppcast({ title: app.displayName, link: `${deps.publicUrl}/${app.slug}`, language: "en", items });
}

async function electronFeed(store: Store, app: App, target: Extract<FeedTarget, { format: "electron" }>, deviceId: string | null, urlOf: (a: Artifact) => string): Promise<string> {
  const usable = (artifacts: Artifact[]) => electronFeedFiles(artifacts, target, (a) => a.filename).length > 0;
  const feed = await feedRelease(store, app, target.channel, { format: "electron", deviceId }, usable);
  const files = feed ? electronFeedFiles(feed.artifacts, target, urlOf) : [];
  if (!feed || files.length === 0) throw new DomainError("NOT_FOUND", `no ${target.platform} release on ${target.channel}`);
  return buildElectronFeed(electronFeedFor(app.displayName, feed.release, files, feed.stagingPercentage));
}
