// GET /{app}/feeds/{channel}[-mac|-linux[-arm64]].yml — electron-updater generic provider files
// GET /{app}/feeds/{channel}/appcast.xml — Sparkle appcast
import { env } from "@/env";
import { getStore } from "@/server/db";
import { errorResponse } from "@/server/http/errors";
import { readFeedRequest } from "@/server/http/feed-request";
import { downloadUrlFor } from "@/server/runtime";
import { buildFeedDocument } from "@/server/services/feed-documents";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ app: string; file: string[] }> };

export async function GET(req: Request, { params }: Params): Promise<Response> {
  const { app, file } = await params;
  try {
    const deps = { store: await getStore(), publicUrl: env().publicUrl, downloadUrl: downloadUrlFor };
    const feed = await buildFeedDocument(deps, readFeedRequest(req, app, file));
    return new Response(feed.body, { headers: { "content-type": feed.contentType, "cache-control": "private, no-cache", "x-content-type-options": "nosniff" } });
  } catch (error) {
    return errorResponse(error);
  }
}
