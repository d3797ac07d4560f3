import type { App } from "@/domain/app";
import { type Artifact, iconDigestOf } from "@/domain/artifact";
import { itmsServicesLink } from "@/domain/ios-manifest";
import type { GrantCodec } from "../crypto/grants";
import type { ArtifactLinks, InstallPageDeps } from "../services/install-page-view";

// The URLs an install page hands out for one artifact. iOS needs grant URLs in any case (its
// installer sends no cookies); other platforms get plain download links on public and unlisted
// apps and grants on private ones. Grants minted through a share link carry its id.

/** Long enough to read the notes and tap install; pages mint fresh ones (a cached copy is seconds old). */
export const PAGE_GRANT_TTL_SECONDS = 2 * 60 * 60;

type LinkTarget = Pick<Artifact, "id" | "filename" | "platform" | "metadata">;

export interface InstallLinkDeps {
  publicUrl: string;
  grants: Pick<GrantCodec, "createDownloadGrant">;
}

/** The install page's link minting (InstallPageDeps), on the given public URL and grant codec. */
export function installLinks({ publicUrl: base, grants }: InstallLinkDeps): Pick<InstallPageDeps, "links" | "downloadUrl"> {
  const fileUrl = (app: Pick<App, "visibility">, artifact: Pick<Artifact, "id" | "filename">, grant: string) =>
    app.visibility === "private" ? `${base}/g/${grant}/${encodeURIComponent(artifact.filename)}` : `${base}/d/${artifact.id}/${encodeURIComponent(artifact.filename)}`;
  return {
    links(app, artifact: LinkTarget, shareLinkId): ArtifactLinks {
      const grant = grants.createDownloadGrant(artifact.id, PAGE_GRANT_TTL_SECONDS, { shareLinkId });
      const downloadUrl = fileUrl(app, artifact, grant);
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
    },
    // A public app's download link needs no grant: none is minted for it.
    downloadUrl: (app, artifact, shareLinkId) => fileUrl(app, artifact, app.visibility === "private" ? grants.createDownloadGrant(artifact.id, PAGE_GRANT_TTL_SECONDS, { shareLinkId }) : ""),
  };
}
