// GET /api/v1/apps/{app}/uploads/{id} — an upload session's state and received bytes
import { apiHandler } from "@/server/entry/api";
import { describeUpload } from "@/server/http/publishing-api";

export const GET = apiHandler<{ app: string; id: string }>((ctx) => describeUpload(ctx, ctx.params.id, ctx.params.app));
