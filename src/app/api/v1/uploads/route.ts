// POST /api/v1/uploads — open an upload session bound to app, filename, size and sha256
import { createUploadInputSchema } from "@/domain/upload";
import { apiHandler } from "@/server/http/api-handler";
import { parseJsonBody } from "@/server/http/json-body";
import { respond, uploadSessionRepresentation } from "@/server/http/representations";
import { getUploadDeps, uploadUrlFor } from "@/server/runtime";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { createUploadSession } from "@/server/services/uploads";

export const POST = apiHandler(async ({ req, actor, store, require }) => {
  const input = await parseJsonBody(req, createUploadInputSchema, "upload");
  // proxy.ts checked the app it read from the body; check the parsed one again, before writing.
  require({ scope: "releases:upload", appId: (await getAppBySlugOrThrow(store, input.app)).id });
  const session = await createUploadSession(await getUploadDeps(), actor, input);
  return respond(uploadSessionRepresentation, { ...session, uploadUrl: uploadUrlFor(session.id) }, 201);
});
