// GET /i/{grant}/manifest.plist | icon.png — what iOS's installer fetches for an IPA (no cookies: the grant authorises)
import { iconDigestOf } from "@/domain/artifact";
import { buildInstallManifest } from "@/domain/ios-manifest";
import { metadataOf } from "@/domain/metadata-reader";
import { formatRelease } from "@/domain/release-label";
import { env } from "@/env";
import { getStore } from "@/server/db";
import { errorResponse, jsonError } from "@/server/http/errors";
import { readDownloadGrant, readIconGrant } from "@/server/http/grants";
import { getBlobStore, recordInstallEvent } from "@/server/runtime";
import { openGrantedArtifact } from "@/server/services/install-grants";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ grant: string; file: string }> };

const str = (value: string | undefined): string | undefined => (value ? value : undefined);

export async function GET(_req: Request, { params }: Params): Promise<Response> {
  const { grant: rawGrant, file } = await params;
  // The console's icon grants open icon.png only; the manifest starts an install and needs a download grant.
  const grant = file === "icon.png" ? readIconGrant(rawGrant) : readDownloadGrant(rawGrant);
  if (!grant || (file !== "manifest.plist" && file !== "icon.png")) return jsonError(404, "NOT_FOUND", "no such download, or the link has expired");
  try {
    const store = await getStore();
    const { artifact, app } = await openGrantedArtifact(store, grant, file === "manifest.plist" ? "install" : "read");
    if (file === "icon.png") return await iconResponse(artifact.metadata);
    if (artifact.platform !== "ios") return jsonError(404, "NOT_FOUND", "only iOS builds have an install manifest");

    const base = env().publicUrl;
    const meta = metadataOf(artifact);
    const ipa = meta.kind === "ipa" ? meta : undefined;
    const release = await store.releases.getById(artifact.releaseId);
    const hasIcon = iconDigestOf(artifact.metadata) !== null;
    const manifest = buildInstallManifest({
      bundleId: str(ipa?.bundleId) ?? app.bundleIds.ios ?? "",
      bundleVersion: str(ipa?.shortVersion) ?? release?.version ?? "0",
      title: str(ipa?.displayName) ?? app.displayName,
      ...(release && { subtitle: formatRelease(release) }),
      ipaUrl: `${base}/g/${rawGrant}/${encodeURIComponent(artifact.filename)}`,
      ...(hasIcon && { displayImageUrl: `${base}/i/${rawGrant}/icon.png`, fullSizeImageUrl: `${base}/i/${rawGrant}/icon.png` }),
    });
    recordInstallEvent({
      appId: app.id,
      kind: "manifest_fetch",
      releaseId: artifact.releaseId,
      artifactId: artifact.id,
      channel: release?.channel ?? null,
      platform: artifact.platform,
      shareLinkId: grant.shareLinkId,
    });
    return new Response(manifest, { headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "private, no-store", "x-content-type-options": "nosniff" } });
  } catch (error) {
    return errorResponse(error);
  }
}

async function iconResponse(metadata: Record<string, unknown>): Promise<Response> {
  const sha256 = iconDigestOf(metadata);
  if (sha256 === null) return jsonError(404, "NOT_FOUND", "this build has no icon");
  const stream = await getBlobStore().open(sha256);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  // Icons are small (capped at inspection) and immutable per digest.
  return new Response(Buffer.concat(chunks), {
    headers: { "content-type": "image/png", "cache-control": "private, max-age=86400, immutable", etag: `"${sha256}"`, "x-content-type-options": "nosniff" },
  });
}
