import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import type { GrantCodec } from "../crypto/grants";

// The public URLs Shipyard hands out, in one place: built on PUBLIC_URL, never on the request's
// host (behind a reverse proxy that is the bind address).

export interface Links {
  /**
   * A link that downloads an artifact: open for public and unlisted apps, a grant for private ones
   * (the given one, or a new one valid for `grantTtlSeconds`, an hour by default).
   */
  download(app: Pick<App, "visibility">, artifact: Pick<Artifact, "id" | "filename">, options?: { grant?: string; grantTtlSeconds?: number }): string;
  /** Where a release's testers go. */
  installPage(appSlug: string, releaseId: string): string;
  /** The capability URL where a session's bytes go (PUT, or PATCH to resume; HEAD for the offset). */
  upload(sessionId: string): string;
}

export function createLinks(deps: { publicUrl: string; grants: Pick<GrantCodec, "createDownloadGrant"> }): Links {
  const base = deps.publicUrl;
  return {
    download(app, artifact, options = {}) {
      const name = encodeURIComponent(artifact.filename);
      if (app.visibility !== "private") return `${base}/d/${artifact.id}/${name}`;
      const grant = options.grant ?? deps.grants.createDownloadGrant(artifact.id, options.grantTtlSeconds ?? 3600);
      return `${base}/g/${grant}/${name}`;
    },
    installPage: (appSlug, releaseId) => `${base}/${appSlug}/releases/${releaseId}`,
    upload: (sessionId) => `${base}/api/uploads/${sessionId}`,
  };
}
