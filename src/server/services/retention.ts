import { type Actor, SYSTEM_ACTOR } from "@/domain/actor";
import type { Release } from "@/domain/release";
import { type RetentionChannel, selectExpiredReleases } from "@/domain/retention";
import { allPages } from "../store/all-pages";
import type { Store } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";

// Retention: deletes the releases each app's channels no longer keep (domain/retention.ts decides
// which), with their artifacts, one audited transaction per release. Their blobs are left to
// garbage collection, which removes them once nothing else references the same bytes.

export interface RetentionCandidate {
  releaseId: string;
  version: string;
  build: string;
  channel: string;
  createdAt: Date;
  reasons: string[];
  artifacts: number;
  sizeBytes: number;
}

async function retentionChannels(store: Store, appId: string): Promise<RetentionChannel[]> {
  const channels = await store.channels.listByApp(appId);
  return Promise.all(
    channels.map(async (channel) => ({
      name: channel.name,
      retention: channel.policy.retention,
      currentReleaseId: channel.currentReleaseId,
      previousReleaseId: channel.previousReleaseId,
      // Moves onto releases deleted since name no release to keep.
      historyReleaseIds: (await allPages((page) => store.channels.listHistory(channel.id, page))).flatMap((entry) => (entry.releaseId === null ? [] : [entry.releaseId])),
    })),
  );
}

/** What retention would delete from an app at `now`, oldest first (the admin's preview). */
export async function planRetention(store: Store, appId: string, now = new Date()): Promise<RetentionCandidate[]> {
  await getAppOrThrow(store, appId);
  const releases = await allPages((page) => store.releases.listByApp(appId, page));
  const byId = new Map<string, Release>(releases.map((r) => [r.id, r]));
  const expired = selectExpiredReleases(releases, await retentionChannels(store, appId), now);
  return Promise.all(
    expired.map(async ({ releaseId, reasons }) => {
      const release = byId.get(releaseId) as Release;
      const artifacts = await store.artifacts.listByRelease(releaseId);
      return {
        releaseId,
        version: release.version,
        build: release.build,
        channel: release.channel,
        createdAt: release.createdAt,
        reasons,
        artifacts: artifacts.length,
        sizeBytes: artifacts.reduce((sum, a) => sum + a.sizeBytes, 0),
      };
    }),
  );
}

/**
 * Deletes what planRetention selects. Each deletion re-checks, inside its transaction, that no
 * channel has pointed at the release since the plan was made; such a release is skipped.
 */
export async function applyRetention(store: Store, actor: Actor, appId: string, now = new Date()): Promise<RetentionCandidate[]> {
  const deleted: RetentionCandidate[] = [];
  for (const candidate of await planRetention(store, appId, now)) {
    const done = await store.transaction(async (tx) => {
      const pinned = (await tx.channels.listByApp(appId)).some((c) => c.currentReleaseId === candidate.releaseId || c.previousReleaseId === candidate.releaseId);
      if (pinned || !(await tx.releases.getById(candidate.releaseId))) return false;
      const artifacts = await tx.artifacts.listByRelease(candidate.releaseId);
      await tx.releases.delete(candidate.releaseId);
      await recordAudit(
        tx,
        actor,
        "release.delete",
        { type: "release", id: candidate.releaseId },
        {
          appId,
          version: candidate.version,
          build: candidate.build,
          channel: candidate.channel,
          reason: "retention",
          reasons: candidate.reasons,
          artifacts: artifacts.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256, sizeBytes: a.sizeBytes })),
        },
      );
      return true;
    });
    if (done) deleted.push(candidate);
  }
  return deleted;
}

/** The janitor's pass: retention in every app, as the system. */
export async function applyRetentionEverywhere(store: Store, now = new Date()): Promise<number> {
  let deleted = 0;
  for (const app of await allPages((page) => store.apps.list(page))) deleted += (await applyRetention(store, SYSTEM_ACTOR, app.id, now)).length;
  return deleted;
}
