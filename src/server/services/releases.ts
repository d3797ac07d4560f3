import { type Actor, actorRef } from "@/domain/actor";
import type { App } from "@/domain/app";
import { type Artifact, storageKeyFor } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import { DomainError, isDomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { contentTypeFor } from "@/domain/artifact-formats";
import { type PublishReleaseInput, publishReleaseInputSchema, type Release } from "@/domain/release";
import { formatRelease } from "@/domain/release-label";
import { type ReleaseListFilter, releaseFilterSchema } from "@/domain/release-filter";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { getAppBySlugOrThrow, getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";
import { getChannelByNameOrThrow, moveChannel } from "./channels";

export interface ReleaseWithArtifacts {
  release: Release;
  artifacts: Artifact[];
}

export interface PublishResult extends ReleaseWithArtifacts {
  /** The channel after the optional promotion. */
  channel: Channel;
  promoted: boolean;
}

/**
 * Creates a release and all its artifacts in one transaction: if any artifact (or the optional
 * promotion) fails, nothing of the release remains. The bytes are already in the blob store,
 * referenced by digest; blobs without rows are collected by GC, never the other way round.
 */
export async function publishRelease(store: Store, actor: Actor, appId: string, raw: PublishReleaseInput): Promise<PublishResult> {
  const input = parseOrThrow(publishReleaseInputSchema, raw, "release");
  return store.transaction(async (tx) => {
    const app = await getAppOrThrow(tx, appId);
    const channel = await getChannelByNameOrThrow(tx, app.id, input.channel);
    return insertRelease(tx, actor, { app, channel }, input);
  });
}

type ParsedReleaseInput = ReturnType<typeof publishReleaseInputSchema.parse>;

/**
 * The writes of publishRelease, in the caller's transaction `tx`, for an app and channel the
 * caller read. The release's unique key (app, version, build) decides races: the insert fails
 * with CONFLICT for the second of two publishes of one version. With `promote` the channel must
 * have been read inside `tx`: the promotion gates and the move start from its current pointers.
 */
export async function insertRelease(tx: Store, actor: Actor, target: { app: App; channel: Channel }, input: ParsedReleaseInput): Promise<PublishResult> {
  const { app, channel } = target;
  const release = await tx.releases
    .create({
      appId: app.id,
      version: input.version,
      build: input.build,
      channel: channel.name,
      notes: input.notes,
      createdBy: actorRef(actor),
      publishedAt: new Date(),
    })
    .catch((error: unknown) => {
      // The one unique key of a release; the store cannot name the values, this can.
      if (isDomainError(error) && error.code === "CONFLICT") {
        throw new DomainError("CONFLICT", `version ${formatRelease(input)} already exists in app ${app.slug}`);
      }
      throw error;
    });
  const artifacts: Artifact[] = [];
  for (const a of input.artifacts) {
    const artifact = await tx.artifacts.create({
      appId: app.id,
      releaseId: release.id,
      platform: a.platform,
      filename: a.filename,
      contentType: a.contentType ?? contentTypeFor(a.platform, a.filename),
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      storageKey: storageKeyFor(a.sha256),
      metadata: a.metadata,
      validationStatus: a.validationStatus,
    });
    artifacts.push(artifact);
  }
  // One mutation, one audit event: the artifacts are listed in it.
  await recordAudit(
    tx,
    actor,
    "release.publish",
    { type: "release", id: release.id },
    {
      appId: app.id,
      version: release.version,
      build: release.build,
      channel: channel.name,
      artifacts: artifacts.map((a) => ({ id: a.id, platform: a.platform, filename: a.filename, sha256: a.sha256, sizeBytes: a.sizeBytes })),
    },
  );
  if (!input.promote) return { release, artifacts, channel, promoted: false };
  const moved = await moveChannel(tx, actor, { channel, release, artifacts, mode: "promote" });
  return { release, artifacts, channel: moved, promoted: true };
}

/** A release with its files, or null when there is none by that id (or no id). */
export async function findReleaseWithArtifacts(store: Store, releaseId: string | null): Promise<ReleaseWithArtifacts | null> {
  const release = releaseId ? await store.releases.getById(releaseId) : null;
  return release && { release, artifacts: await store.artifacts.listByRelease(release.id) };
}

export async function getReleaseOrThrow(store: Store, releaseId: string): Promise<ReleaseWithArtifacts> {
  const found = await findReleaseWithArtifacts(store, releaseId);
  if (!found) throw DomainError.notFound("release", releaseId);
  return found;
}

/** A release of the app with this slug: another app's release is as unknown as a missing one. */
export async function getAppReleaseOrThrow(store: Store, appSlug: string, releaseId: string): Promise<ReleaseWithArtifacts & { app: App }> {
  const app = await getAppBySlugOrThrow(store, appSlug);
  const found = await getReleaseOrThrow(store, releaseId);
  if (found.release.appId !== app.id) throw DomainError.notFound("release", releaseId);
  return { ...found, app };
}

/** An app's releases, newest first, optionally narrowed (channel, platform, validation status, version/build). */
export async function listReleases(store: Store, appId: string, page: PageInput = {}, filter: ReleaseListFilter = {}): Promise<Page<Release>> {
  await getAppOrThrow(store, appId);
  return store.releases.listByApp(appId, parseOrThrow(pageInputSchema, page, "page"), parseOrThrow(releaseFilterSchema, filter, "release filter"));
}
