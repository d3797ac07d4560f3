// POST /api/v1/apps/{app}/channels/{channel}/rollback — return a channel to its previous release
import { apiHandler } from "@/server/entry/api";
import { channelRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { rollbackChannel } from "@/server/services/channels";

export const POST = apiHandler<{ app: string; channel: string }>(async ({ params, store, actor }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(channelRepresentation, await rollbackChannel(store, actor, app.id, params.channel));
});
