// GET /{app}/feeds/{channel}[-mac|-linux[-arm64]].yml — electron-updater generic provider files
// GET /{app}/feeds/{channel}/appcast.xml — Sparkle appcast
import { serverContext } from "@/server/composition";
import { errorResponse } from "@/server/http/errors";
import { readFeedRequest } from "@/server/http/feed-request";
import { buildFeedDocument } from "@/server/services/feed-documents";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ app: string; file: string[] }> };

export async function GET(req: Request, { params }: Params): Promise<Response> {
  const { app, file } = await params;
  try {
    const { store, config, links } = await serverContext();
    const deps = { store, publicUrl: config.publicUrl, downloadUrl: links.download };
    const feed = await buildFeedDocument(deps, readFeedRequest(req, app, file));
    return new Response(feed.body, { headers: { "content-type": feed.contentType, "cache-control": "private, no-cache", "x-content-type-options": "nosniff" } });
  } catch (error) {
    return errorResponse(error);
  }
}
