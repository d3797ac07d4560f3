// GET/POST /api/v1/apps/{app}/releases — list an app's releases; publish one from completed uploads (deprecated)
import { apiHandler } from "@/server/entry/api";
import { pageFromQuery } from "@/server/http/query";
import { postRelease } from "@/server/http/publishing-api";
import { pageOf, releaseRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { listReleases } from "@/server/services/releases";

export const GET = apiHandler<{ app: string }>(async ({ req, params, store }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(pageOf(releaseRepresentation), await listReleases(store, app.id, pageFromQuery(new URL(req.url))));
});

// Deprecated: POST /api/v1/apps/{app}/channels/{channel}/releases (this one takes the channel from the body).
export const POST = apiHandler<{ app: string }>((ctx) => postRelease(ctx, ctx.params.app, undefined));
