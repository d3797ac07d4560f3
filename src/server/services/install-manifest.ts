import { iconDigestOf } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import { buildInstallManifest, manifestInputFor } from "@/domain/ios-manifest";
import type { BlobStore } from "../storage/types";
import type { Store } from "../store/types";
import type { InstallEventRecorder } from "./install-events";
import { type GrantRef, openGrantedArtifact } from "./install-grants";

// What iOS's installer fetches for an IPA under /i/{grant}/: the manifest and the icon. No cookies
// reach these URLs, so every link in the manifest carries the same grant.

export interface InstallManifestDeps {
  store: Store;
  publicUrl: string;
  recordInstallEvent: InstallEventRecorder["record"];
}

/** The manifest of a granted IPA. Fetching it starts an install: counted, through a capped link, against the cap. */
export async function installManifestFor(deps: InstallManifestDeps, grant: GrantRef, rawGrant: string): Promise<string> {
  const { artifact, app } = await openGrantedArtifact(deps.store, grant, "install", { only: { platform: "ios", refusal: "only iOS builds have an install manifest" } });
  const release = await deps.store.releases.getById(artifact.releaseId);
  const manifest = buildInstallManifest(
    manifestInputFor({
      app,
      artifact,
      release,
      ipaUrl: `${deps.publicUrl}/g/${rawGrant}/${encodeURIComponent(artifact.filename)}`,
      iconUrl: `${deps.publicUrl}/i/${rawGrant}/icon.png`,
    }),
  );
  deps.recordInstallEvent({
    appId: app.id,
    kind: "manifest_fetch",
    releaseId: artifact.releaseId,
    artifactId: artifact.id,
    channel: release?.channel ?? null,
    platform: artifact.platform,
    shareLinkId: grant.shareLinkId,
  });
  return manifest;
}

export interface GrantedIcon {
  sha256: string;
  png: Buffer<ArrayBuffer>;
}

/** A granted build's icon, read whole: icons are small (capped at inspection). */
export async function readGrantedIcon(deps: { store: Store; blobs: Pick<BlobStore, "open"> }, grant: GrantRef): Promise<GrantedIcon> {
  const { artifact } = await openGrantedArtifact(deps.store, grant, "read");
  const sha256 = iconDigestOf(artifact.metadata);
  if (sha256 === null) throw new DomainError("NOT_FOUND", "this build has no icon");
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.blobs.open(sha256)) chunks.push(chunk as Buffer);
  return { sha256, png: Buffer.concat(chunks) };
}
