// GET /api/v1/apps — apps the token can see (an app-restricted token sees its own app only)
// POST /api/v1/apps — create an app with its default channels; 201 with a Location header
import { createAppRequestSchema } from "@/domain/app";
import { withUpdateKeyFor } from "@/domain/update-key-access";
import { env } from "@/env";
import { apiHandler } from "@/server/entry/api";
import { parseJsonBody } from "@/server/http/json-body";
import { pageFromQuery } from "@/server/http/query";
import { appRepresentation, pageOf, respond } from "@/server/http/representations";
import { createApp, listAppsForToken } from "@/server/services/apps";

export const GET = apiHandler(async ({ req, identity, store }) => respond(pageOf(appRepresentation), await listAppsForToken(store, identity, pageFromQuery(new URL(req.url)))));

export const POST = apiHandler(async ({ req, identity, store, actor }) => {
  const app = await createApp(store, actor, await parseJsonBody(req, createAppRequestSchema, "app"));
  const res = respond(appRepresentation, withUpdateKeyFor(identity, app), 201);
  res.headers.set("location", `${env().publicUrl}/api/v1/apps/${app.slug}`);
  return res;
});
