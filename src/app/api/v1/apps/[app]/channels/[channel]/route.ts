// PATCH /api/v1/apps/{app}/channels/{channel} — change a channel's rollout percent or policy (staged rollouts from CI)
import { updateChannelInputSchema } from "@/domain/channel";
import { apiHandler } from "@/server/entry/api";
import { parseJsonBody } from "@/server/http/json-body";
import { channelRepresentation, respond } from "@/server/http/representations";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { updateChannel } from "@/server/services/channels";

export const PATCH = apiHandler<{ app: string; channel: string }>(async ({ req, params, store, actor }) => {
  const patch = await parseJsonBody(req, updateChannelInputSchema, "channel update");
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(channelRepresentation, await updateChannel(store, actor, app.id, params.channel, patch));
});
