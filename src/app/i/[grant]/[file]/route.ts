// GET /i/{grant}/manifest.plist | icon.png — what iOS's installer fetches for an IPA (no cookies: the grant authorises)
import { serverContext } from "@/server/composition";
import { errorResponse, jsonError } from "@/server/http/errors";
import { installManifestFor, readGrantedIcon } from "@/server/services/install-manifest";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ grant: string; file: string }> };

export async function GET(_req: Request, { params }: Params): Promise<Response> {
  const { grant: raw, file } = await params;
  const { store, blobs, grants, config, installEvents } = await serverContext();
  // The console's icon grants open icon.png only; the manifest starts an install and needs a download grant.
  const grant = file === "icon.png" ? grants.readIconGrant(raw) : file === "manifest.plist" ? grants.readDownloadGrant(raw) : null;
  if (!grant) return jsonError(404, "NOT_FOUND", "no such download, or the link has expired");
  try {
    if (file === "icon.png") {
      const { png, sha256 } = await readGrantedIcon({ store, blobs }, grant);
      // Immutable per digest.
      return new Response(png, { headers: { "content-type": "image/png", "cache-control": "private, max-age=86400, immutable", etag: `"${sha256}"`, "x-content-type-options": "nosniff" } });
    }
    const manifest = await installManifestFor({ store, publicUrl: config.publicUrl, recordInstallEvent: (event) => installEvents.record(event) }, grant, raw);
    return new Response(manifest, { headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "private, no-store", "x-content-type-options": "nosniff" } });
  } catch (error) {
    return errorResponse(error);
  }
}
