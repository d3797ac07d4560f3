// GET /api/v1/apps/{app} — one app by slug
import { apiHandler } from "@/server/http/api-handler";
import { appRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";

export const GET = apiHandler<{ app: string }>(async ({ params, store }) =>
  respond(appRepresentation, await getAppBySlugOrThrow(store, params.app)),
);
