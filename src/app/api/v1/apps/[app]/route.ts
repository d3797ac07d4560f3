// GET /api/v1/apps/{app} — one app by slug (its update key for admins and the app's managers only)
import { withUpdateKeyFor } from "@/domain/update-key-access";
import { apiHandler } from "@/server/http/api-handler";
import { appRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";

export const GET = apiHandler<{ app: string }>(async ({ params, identity, store }) =>
  respond(appRepresentation, withUpdateKeyFor(identity, await getAppBySlugOrThrow(store, params.app))),
);
