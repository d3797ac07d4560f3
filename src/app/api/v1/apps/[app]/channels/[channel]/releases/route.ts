// POST /api/v1/apps/{app}/channels/{channel}/releases — publish a release from completed uploads
import { apiHandler } from "@/server/entry/api";
import { postRelease } from "@/server/http/publishing-api";

export const POST = apiHandler<{ app: string; channel: string }>((ctx) => postRelease(ctx, ctx.params.app, ctx.params.channel));
