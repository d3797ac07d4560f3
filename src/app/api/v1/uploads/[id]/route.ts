// GET /api/v1/uploads/{id} — deprecated: GET /api/v1/apps/{app}/uploads/{id}
import { apiHandler } from "@/server/entry/api";
import { describeUpload } from "@/server/http/publishing-api";

export const GET = apiHandler<{ id: string }>((ctx) => describeUpload(ctx, ctx.params.id, undefined));
