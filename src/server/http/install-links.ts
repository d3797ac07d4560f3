import type { App } from "@/domain/app";
import { type Artifact, iconDigestOf } from "@/domain/artifact";
import { itmsServicesLink } from "@/domain/ios-manifest";
import { env } from "@/env";
import type { ArtifactLinks } from "../services/install-page-view";
import { downloadUrlFor } from "../runtime";
import { createDownloadGrant } from "./grants";

// The URLs an install page hands out for one artifact. iOS needs grant URLs in any case (its
// installer sends no cookies); other platforms get plain download links on public and unlisted
// apps and grants on private ones. Grants minted through a share link carry its id.

/** Long enough to read the notes and tap install; pages mint fresh ones (a cached copy is seconds old). */
export const PAGE_GRANT_TTL_SECONDS = 2 * 60 * 60;

export function artifactLinks(app: Pick<App, "visibility">, artifact: Pick<Artifact, "id" | "filename" | "platform" | "metadata">, shareLinkId: string | null): ArtifactLinks {
  const base = env().publicUrl;
  const grant = createDownloadGrant(artifact.id, PAGE_GRANT_TTL_SECONDS, { shareLinkId });
  const downloadUrl = downloadUrlFor(app, artifact, { grant });
  const isIpa = artifact.platform === "ios" && artifact.filename.toLowerCase().endsWith(".ipa");
  const manifestUrl = isIpa ? `${base}/i/${grant}/manifest.plist` : null;
  const hasIcon = iconDigestOf(artifact.metadata) !== null;
  return {
    installUrl: manifestUrl ? itmsServicesLink(manifestUrl) : downloadUrl,
    downloadUrl,
    manifestUrl,
    iconUrl: hasIcon ? `${base}/i/${grant}/icon.png` : null,
    grant,
  };
}

/** The download link alone (what artifactLinks gives as downloadUrl): a public app's needs no grant. */
export function artifactDownloadUrl(app: Pick<App, "visibility">, artifact: Pick<Artifact, "id" | "filename">, shareLinkId: string | null): string {
  if (app.visibility !== "private") return downloadUrlFor(app, artifact);
  return downloadUrlFor(app, artifact, { grant: createDownloadGrant(artifact.id, PAGE_GRANT_TTL_SECONDS, { shareLinkId }) });
}
