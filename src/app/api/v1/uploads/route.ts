// POST /api/v1/uploads — open an upload session bound to app, filename, size and sha256
import { createUploadInputSchema } from "@/domain/upload";
import { apiHandler } from "@/server/http/api-handler";
import { parseJsonBody } from "@/server/http/json-body";
import { respond, uploadSessionRepresentation } from "@/server/http/representations";
import { getUploadDeps, uploadUrlFor } from "@/server/runtime";
import { createUploadSession } from "@/server/services/uploads";

export const POST = apiHandler(async ({ req, actor, require }) => {
  const input = await parseJsonBody(req, createUploadInputSchema, "upload");
  const deps = await getUploadDeps();
  const session = await createUploadSession(deps, actor, input);
  require({ scope: "releases:upload", appId: session.appId });
  return respond(uploadSessionRepresentation, { ...session, uploadUrl: uploadUrlFor(session.id) }, 201);
});
