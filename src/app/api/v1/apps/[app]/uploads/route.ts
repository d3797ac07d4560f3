// POST /api/v1/apps/{app}/uploads — open an upload session bound to app, filename, size and sha256
import { apiHandler } from "@/server/entry/api";
import { openUpload } from "@/server/http/publishing-api";

export const POST = apiHandler<{ app: string }>((ctx) => openUpload(ctx, ctx.params.app));
