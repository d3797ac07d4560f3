// GET /api/v1/apps/{app}/releases — an app's releases, newest first
import { apiHandler } from "@/server/http/api-handler";
import { pageFromQuery } from "@/server/http/query";
import { pageOf, releaseRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { listReleases } from "@/server/services/releases";

export const GET = apiHandler<{ app: string }>(async ({ req, params, store }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(pageOf(releaseRepresentation), await listReleases(store, app.id, pageFromQuery(new URL(req.url))));
});
