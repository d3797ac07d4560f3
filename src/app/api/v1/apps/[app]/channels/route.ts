// GET /api/v1/apps/{app}/channels — an app's channels with their current releases
import { z } from "zod";
import { apiHandler } from "@/server/entry/api";
import { channelRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { listChannels } from "@/server/services/channels";

export const GET = apiHandler<{ app: string }>(async ({ params, store }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(z.object({ items: z.array(channelRepresentation) }), { items: await listChannels(store, app.id) });
});
