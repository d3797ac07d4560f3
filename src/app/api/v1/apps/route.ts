// GET /api/v1/apps — apps the token can see (an app-restricted token sees its own app only)
import { withUpdateKeyFor } from "@/domain/update-key-access";
import { apiHandler } from "@/server/http/api-handler";
import { pageFromQuery } from "@/server/http/query";
import { appRepresentation, pageOf, respond } from "@/server/http/representations";
import { getAppOrThrow, listApps } from "@/server/services/apps";

export const GET = apiHandler(async ({ req, identity, store }) => {
  const page = identity.appId
    ? { items: [await getAppOrThrow(store, identity.appId)], nextCursor: null }
    : await listApps(store, pageFromQuery(new URL(req.url)));
  return respond(pageOf(appRepresentation), { ...page, items: page.items.map((app) => withUpdateKeyFor(identity, app)) });
});
