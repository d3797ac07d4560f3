// POST /api/v1/apps/{app}/channels/{channel}/promote — point a channel at a release, through its gates
import { promoteRequestSchema } from "@/domain/channel";
import { apiHandler } from "@/server/entry/api";
import { parseJsonBody } from "@/server/http/json-body";
import { channelRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { promoteChannel } from "@/server/services/channels";

export const POST = apiHandler<{ app: string; channel: string }>(async ({ req, params, store, actor }) => {
  const body = await parseJsonBody(req, promoteRequestSchema, "promotion");
  const app = await getAppBySlugOrThrow(store, params.app);
  const channel = await promoteChannel(store, actor, app.id, { channel: params.channel, ...body });
  return respond(channelRepresentation, channel);
});
