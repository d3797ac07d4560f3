import { type AppSummary, type AppSummaryQuery, appSummaryQuerySchema, type ChannelSummary } from "@/domain/app-summary";
import { type Artifact, iconDigestOf, isInstallable } from "@/domain/artifact";
import type { Page } from "@/domain/pagination";
import type { Release } from "@/domain/release";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";

export interface AppSummaryDeps {
  /** The URL of an artifact's icon (a signed grant: the transport layer mints it, not this one). */
  iconUrl: (artifactId: string) => string;
}

const hasIcon = (artifact: Artifact) => iconDigestOf(artifact.metadata) !== null;
const releasedAt = (release: Release) => (release.publishedAt ?? release.createdAt).getTime();

/**
 * A page of the console's apps list with what each row shows: channels' current releases, the icon
 * of the newest of those that has one, storage used. Five set-based reads for the whole page (one
 * read transaction, so a promotion cannot land between them), however many apps it holds.
 */
export async function listAppSummaries(store: Store, raw: AppSummaryQuery, deps: AppSummaryDeps, only?: readonly string[]): Promise<Page<AppSummary>> {
  const query = parseOrThrow(appSummaryQuerySchema, raw, "apps query");
  const { apps, channels, releases, artifacts, storage } = await store.transaction(async (tx) => {
    const apps = await tx.apps.list({ cursor: query.cursor, limit: query.limit }, { search: query.search, ...(only && { ids: only }) });
    const appIds = apps.items.map((a) => a.id);
    if (appIds.length === 0) return { apps, channels: [], releases: [], artifacts: [], storage: [] };
    const [channels, storage] = await Promise.all([tx.channels.listByApps(appIds), tx.artifacts.storageByApps(appIds)]);
    const releaseIds = [...new Set(channels.flatMap((c) => (c.currentReleaseId ? [c.currentReleaseId] : [])))];
    const [releases, artifacts] = releaseIds.length ? await Promise.all([tx.releases.getByIds(releaseIds), tx.artifacts.listByReleases(releaseIds)]) : [[], []];
    return { apps, channels, releases, artifacts, storage };
  });

  const releaseById = new Map(releases.map((r) => [r.id, r]));
  // Only files that pass validation are served, icons included (see openGrantedArtifact).
  const iconByRelease = new Map<string, Artifact>();
  for (const artifact of artifacts) {
    if (hasIcon(artifact) && isInstallable(artifact) && !iconByRelease.has(artifact.releaseId)) iconByRelease.set(artifact.releaseId, artifact);
  }
  const storageByApp = new Map(storage.map((s) => [s.appId, s]));

  const items = apps.items.map((app): AppSummary => {
    const own = channels.filter((c) => c.appId === app.id);
    const summaries: ChannelSummary[] = own.map((channel) => {
      const release = channel.currentReleaseId ? releaseById.get(channel.currentReleaseId) : undefined;
      return {
        name: channel.name,
        release: release ? { id: release.id, version: release.version, build: release.build } : null,
        rolloutPercent: channel.rolloutPercent,
      };
    });
    const newestWithIcon = own
      .flatMap((c) => (c.currentReleaseId ? (releaseById.get(c.currentReleaseId) ?? []) : []))
      .filter((r) => iconByRelease.has(r.id))
      .sort((a, b) => releasedAt(b) - releasedAt(a) || (a.id < b.id ? 1 : -1))[0];
    const icon = newestWithIcon && iconByRelease.get(newestWithIcon.id);
    const used = storageByApp.get(app.id);
    return {
      id: app.id,
      slug: app.slug,
      displayName: app.displayName,
      visibility: app.visibility,
      iconUrl: icon ? deps.iconUrl(icon.id) : null,
      channels: summaries,
      storage: { bytes: used?.bytes ?? 0, artifacts: used?.artifacts ?? 0 },
    };
  });
  return { items, nextCursor: apps.nextCursor };
}
