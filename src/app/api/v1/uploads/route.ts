// POST /api/v1/uploads — deprecated: POST /api/v1/apps/{app}/uploads (this one takes the app from the body)
import { apiHandler } from "@/server/entry/api";
import { openUpload } from "@/server/http/publishing-api";

export const POST = apiHandler((ctx) => openUpload(ctx, undefined));
