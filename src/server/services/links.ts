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
  /**
   * The console's URL for a build's icon: the route install pages use (/i/{grant}/icon.png), but with
   * an icon grant, which opens nothing else of the build (a private app's file stays private). The
   * grant is minted as of the start of the hour with a two-hour life, so it is the same string for
   * an hour (the browser's cached icon keeps working across page loads) and valid for at least an
   * hour. Relative, so it works whatever PUBLIC_URL says.
   */
  adminIcon(artifactId: string, now?: number): string;
  /** The one-time link of an invitation (under /login: no app slug can shadow it). */
  invitation(secret: string): string;
  /** The one-time link that sets a new password. */
  passwordReset(secret: string): string;
}

const HOUR_MS = 60 * 60 * 1000;

export function createLinks(deps: { publicUrl: string; grants: Pick<GrantCodec, "createDownloadGrant" | "createIconGrant"> }): Links {
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
    adminIcon(artifactId, now = Date.now()) {
      const grant = deps.grants.createIconGrant(artifactId, 2 * 60 * 60, { now: Math.floor(now / HOUR_MS) * HOUR_MS });
      return `/i/${grant}/icon.png`;
    },
    invitation: (secret) => `${base}/login/invitation/${secret}`,
    passwordReset: (secret) => `${base}/login/reset/${secret}`,
  };
}
