// GET /api/v1/apps — apps the token can see (an app-restricted token sees its own app only)
import { apiHandler } from "@/server/http/api-handler";
import { pageFromQuery } from "@/server/http/query";
import { appRepresentation, pageOf, respond } from "@/server/http/representations";
import { getAppOrThrow, listApps } from "@/server/services/apps";

export const GET = apiHandler(async ({ req, identity, store }) => {
  if (identity.appId) {
    return respond(pageOf(appRepresentation), { items: [await getAppOrThrow(store, identity.appId)], nextCursor: null });
  }
  return respond(pageOf(appRepresentation), await listApps(store, pageFromQuery(new URL(req.url))));
});
