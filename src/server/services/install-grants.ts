import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import type { ShareLink } from "@/domain/share-link";
import { shareLinkState } from "@/domain/share-link";
import type { Store } from "../store/types";

// Checks behind every grant URL (manifest, icon, file): the artifact still exists, and a share
// link the grant was minted through is still open. Starting an install also counts against the
// link's cap, atomically, so a capped link cannot be stretched by parallel installs.

export interface GrantedArtifact {
  artifact: Artifact;
  app: App;
  shareLink: ShareLink | null;
}

export type GrantUse =
  /** Reading something that does not start an install (icon, the IPA after its manifest). */
  | "read"
  /** Starting an install: iOS manifest fetch, or the first byte of any other file. */
  | "install";

const gone = () => new DomainError("NOT_FOUND", "no such download, or the link has expired");

export async function openGrantedArtifact(
  store: Store,
  grant: { artifactId: string; shareLinkId: string | null },
  use: GrantUse,
  options: { filename?: string; now?: Date } = {},
): Promise<GrantedArtifact> {
  const now = options.now ?? new Date();
  const artifact = await store.artifacts.getById(grant.artifactId);
  const app = artifact && (await store.apps.getById(artifact.appId));
  if (!artifact || !app || (options.filename !== undefined && artifact.filename !== options.filename)) throw gone();
  if (grant.shareLinkId === null) return { artifact, app, shareLink: null };

  const link = await store.shareLinks.getById(grant.shareLinkId);
  if (!link || link.appId !== app.id) throw gone();
  const state = shareLinkState(link, now);
  if (state === "revoked" || state === "expired") throw new DomainError("FORBIDDEN", `this share link was ${state === "revoked" ? "revoked" : "valid until " + link.expiresAt?.toISOString()}`);
  if (use === "install" && !(await store.shareLinks.claimInstall(link.id, now))) {
    throw new DomainError("FORBIDDEN", `this share link has reached its limit of ${link.maxInstalls ?? 0} installs`);
  }
  return { artifact, app, shareLink: link };
}
