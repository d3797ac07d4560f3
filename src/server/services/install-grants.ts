import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import { DownloadAllowances } from "@/domain/download-allowance";
import { DomainError } from "@/domain/errors";
import type { ShareLink } from "@/domain/share-link";
import { shareLinkState } from "@/domain/share-link";
import type { Store } from "../store/types";

// Checks behind every grant URL (manifest, icon, file): the artifact still exists, and a share
// link the grant was minted through is still open. Starting an install also counts against the
// link's cap, atomically, so a capped link cannot be stretched by parallel installs; and through
// a capped link, bytes not sent as part of a counted install count as a new one (see
// DownloadAllowances), whatever the Range header says.

/** A grant as read from its URL; `id` names it for the allowances of capped links. */
export interface GrantRef {
  id: string;
  artifactId: string;
  shareLinkId: string | null;
}

export interface GrantedArtifact {
  artifact: Artifact;
  app: App;
  shareLink: ShareLink | null;
}

export type GrantUse =
  /** Opening without counting: an icon, or a file download, which startGrantedDownload accounts for. */
  | "read"
  /** Starting an iOS install: the manifest fetch (its IPA is then the rest of that install). */
  | "install";

const gone = () => new DomainError("NOT_FOUND", "no such download, or the link has expired");

export async function openGrantedArtifact(
  store: Store,
  grant: GrantRef,
  use: GrantUse,
  options: { filename?: string; now?: Date; only?: { platform: Artifact["platform"]; refusal: string } } = {},
): Promise<GrantedArtifact> {
  const now = options.now ?? new Date();
  const artifact = await store.artifacts.getById(grant.artifactId);
  const app = artifact && (await store.apps.getById(artifact.appId));
  // A file that did not pass validation is never served, whatever grant names it.
  if (!artifact || !app || !isInstallable(artifact) || (options.filename !== undefined && artifact.filename !== options.filename)) throw gone();
  // Refused before anything is counted: a request that cannot be served uses none of a link's installs.
  if (options.only && artifact.platform !== options.only.platform) throw new DomainError("NOT_FOUND", options.only.refusal);
  if (grant.shareLinkId === null) return { artifact, app, shareLink: null };

  const link = await store.shareLinks.getById(grant.shareLinkId);
  if (!link || link.appId !== app.id) throw gone();
  const state = shareLinkState(link, now);
  if (state === "revoked" || state === "expired") throw new DomainError("FORBIDDEN", `this share link was ${state === "revoked" ? "revoked" : `valid until ${link.expiresAt?.toISOString()}`}`);
  if (use === "install") await countInstall(store, grant, link, artifact, now, 0);
  return { artifact, app, shareLink: link };
}

/** The inclusive byte range a GET sends of its file. */
export interface SentSpan {
  start: number;
  end: number;
}

/**
 * Accounts for a GET that sends `span` of a granted file, before any byte goes out; call the
 * returned function with the bytes actually sent. A download that includes byte 0 counts as an
 * install, however its Range was spelled. Through a capped link, a download that starts later
 * (or an IPA, whose manifest counted) is served from what the grant's counted install has not
 * sent yet, and counts as a new install when that is not enough.
 */
export async function startGrantedDownload(
  store: Store,
  grant: GrantRef,
  opened: GrantedArtifact,
  span: SentSpan,
  options: { countedByManifest: boolean; now?: Date },
): Promise<(sentBytes: number) => void> {
  const link = opened.shareLink;
  const unaccounted = () => {};
  if (!link) return unaccounted;
  const fromZero = span.start === 0 && !options.countedByManifest;
  if (link.maxInstalls === null) {
    if (fromZero) await countInstall(store, grant, link, opened.artifact, options.now ?? new Date(), 0);
    return unaccounted;
  }
  const length = span.end - span.start + 1;
  const allowances = downloadAllowances();
  if (fromZero || !allowances.take(grant.id, length)) await countInstall(store, grant, link, opened.artifact, options.now ?? new Date(), length);
  return (sentBytes) => allowances.giveBack(grant.id, length - sentBytes);
}

/** Counts an install; through a capped link, the grant may then send its file once, `sending` bytes of it now. */
async function countInstall(store: Store, grant: GrantRef, link: ShareLink, artifact: Artifact, now: Date, sending: number): Promise<void> {
  if (!(await store.shareLinks.claimInstall(link.id, now))) {
    throw new DomainError("FORBIDDEN", `this share link has reached its limit of ${link.maxInstalls ?? 0} installs`);
  }
  if (link.maxInstalls === null) return;
  // In the same tick as the credit, so a parallel request on this grant cannot take it first.
  const allowances = downloadAllowances();
  allowances.credit(grant.id, artifact.sizeBytes);
  allowances.take(grant.id, sending);
}

// Page grants live two hours; a day covers them. Every entry stands for a counted install, so the
// map is bounded by the installs caps allow, and the bound below only guards against huge caps.
// One map per process, on globalThis: the manifest route (in Next's bundle) credits the grant
// whose IPA the byte path (outside it) then serves.
const shared = globalThis as unknown as { shipyardDownloadAllowances?: DownloadAllowances };
function downloadAllowances(): DownloadAllowances {
  shared.shipyardDownloadAllowances ??= new DownloadAllowances({ maxGrants: 100_000, ttlMs: 24 * 60 * 60 * 1000 });
  return shared.shipyardDownloadAllowances;
}
