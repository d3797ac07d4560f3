// GET /{app}/feeds/{channel}[-mac|-linux[-arm64]].yml — electron-updater generic provider files
// GET /{app}/feeds/{channel}/appcast.xml — Sparkle appcast
import { DomainError } from "@/domain/errors";
import { buildElectronFeed, parseElectronFeedFileName } from "@/domain/feeds/electron-updater";
import { type AppcastItem, buildAppcast } from "@/domain/feeds/sparkle";
import { renderReleaseNotes } from "@/domain/markdown";
import { deviceIdSchema } from "@/domain/rollout";
import { getStore } from "@/server/db";
import { errorResponse, jsonError } from "@/server/http/errors";
import { authorizeFeedRequest } from "@/server/http/feed-auth";
import { downloadUrlFor } from "@/server/runtime";
import { env } from "@/env";
import { electronFeedFiles, feedRelease, sparkleArchive, sparkleFacts } from "@/server/services/feeds";
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";

export const dynamic = "force-dynamic";

/** Feeds are polled for hours; their file links must outlive one poll by far. */
const FEED_GRANT_TTL_SECONDS = 7 * 24 * 60 * 60;

type Params = { params: Promise<{ app: string; file: string[] }> };

function fileUrl(app: App, artifact: Artifact): string {
  return downloadUrlFor(app, artifact, { grantTtlSeconds: FEED_GRANT_TTL_SECONDS });
}

function deviceIdOf(req: Request): string | null {
  const raw = req.headers.get("x-shipyard-device-id") ?? req.headers.get("x-user-staging-id") ?? new URL(req.url).searchParams.get("deviceId");
  const parsed = deviceIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function GET(req: Request, { params }: Params): Promise<Response> {
  const { app: slug, file } = await params;
  try {
    const store = await getStore();
    const app = await store.apps.getBySlug(slug);
    if (!app) return jsonError(404, "NOT_FOUND", "no such feed");
    const denied = await authorizeFeedRequest(store, req, app);
    if (denied) return denied;
    const headers = { "cache-control": "private, no-cache", "x-content-type-options": "nosniff" };

    if (file.length === 2 && file[1] === "appcast.xml") {
      const feed = await feedRelease(store, app, file[0] ?? "", { format: "sparkle", deviceId: deviceIdOf(req) }, (artifacts) => sparkleArchive(artifacts) !== null);
      const items: AppcastItem[] = [];
      const archive = feed && sparkleArchive(feed.artifacts);
      if (feed && archive) {
        const { edSignature, minimumSystemVersion: minimum } = sparkleFacts(archive);
        items.push({
          title: `${app.displayName} ${feed.release.version}`,
          version: feed.release.build,
          shortVersionString: feed.release.version,
          pubDate: feed.release.publishedAt ?? feed.release.createdAt,
          ...(minimum && { minimumSystemVersion: minimum }),
          ...(feed.channel.name !== "stable" && { channel: feed.channel.name }),
          ...(feed.release.notes && { releaseNotesHtml: renderReleaseNotes(feed.release.notes) }),
          ...(feed.channel.policy.minimumSupportedBuild && { criticalUpdateBelowVersion: feed.channel.policy.minimumSupportedBuild }),
          enclosure: { url: fileUrl(app, archive), length: archive.sizeBytes, type: "application/octet-stream", ...(edSignature && { edSignature }) },
        });
      }
      const xml = buildAppcast({ title: app.displayName, link: `${env().publicUrl}/${app.slug}`, language: "en", items });
      return new Response(xml, { headers: { ...headers, "content-type": "application/rss+xml; charset=utf-8" } });
    }

    const parsed = file.length === 1 ? parseElectronFeedFileName(file[0] ?? "") : null;
    if (!parsed) return jsonError(404, "NOT_FOUND", "no such feed: use {channel}.yml, {channel}-mac.yml, {channel}-linux.yml or {channel}/appcast.xml");
    // electron-updater's default channel is "latest": it means stable here.
    const channelName = parsed.channel === "latest" ? "stable" : parsed.channel;
    const usable = (artifacts: Artifact[]) => electronFeedFiles(artifacts, parsed, (a) => a.filename).length > 0;
    const feed = await feedRelease(store, app, channelName, { format: "electron", deviceId: deviceIdOf(req) }, usable);
    const files = feed ? electronFeedFiles(feed.artifacts, parsed, (a) => fileUrl(app, a)) : [];
    if (!feed || files.length === 0) throw new DomainError("NOT_FOUND", `no ${parsed.platform} release on ${channelName}`);
    const yaml = buildElectronFeed({
      version: feed.release.version,
      releaseDate: feed.release.publishedAt ?? feed.release.createdAt,
      releaseName: `${app.displayName} ${feed.release.version}`,
      ...(feed.release.notes && { releaseNotes: feed.release.notes }),
      files,
      ...(feed.stagingPercentage !== undefined && { stagingPercentage: feed.stagingPercentage }),
    });
    return new Response(yaml, { headers: { ...headers, "content-type": "text/yaml; charset=utf-8" } });
  } catch (error) {
    return errorResponse(error);
  }
}
