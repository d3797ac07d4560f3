// GET /api/v1/apps/{app} — one app by slug (its update key for admins and the app's managers only)
// PATCH /api/v1/apps/{app} — change its display name, bundle ids or visibility (the slug is fixed)
// DELETE /api/v1/apps/{app} — delete it with everything of it; 200 {"deleted": slug}
import { updateAppRequestSchema } from "@/domain/app";
import { withUpdateKeyFor } from "@/domain/update-key-access";
import { apiHandler } from "@/server/entry/api";
import { parseJsonBody } from "@/server/http/json-body";
import { appRepresentation, deletedAppRepresentation, respond } from "@/server/http/representations";
import { deleteApp, getAppBySlugOrThrow, updateApp } from "@/server/services/apps";

export const GET = apiHandler<{ app: string }>(async ({ params, identity, store }) => respond(appRepresentation, withUpdateKeyFor(identity, await getAppBySlugOrThrow(store, params.app))));

export const PATCH = apiHandler<{ app: string }>(async ({ req, params, identity, store, actor }) => {
  const patch = await parseJsonBody(req, updateAppRequestSchema, "app update");
  const app = await updateApp(store, actor, (await getAppBySlugOrThrow(store, params.app)).id, patch);
  return respond(appRepresentation, withUpdateKeyFor(identity, app));
});

// 200 with a body rather than 204, so a script can tell which app went.
export const DELETE = apiHandler<{ app: string }>(async ({ params, store, actor }) => {
  const app = await deleteApp(store, actor, (await getAppBySlugOrThrow(store, params.app)).id);
  return respond(deletedAppRepresentation, { deleted: app.slug });
});
