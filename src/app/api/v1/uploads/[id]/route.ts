// GET /api/v1/uploads/{id} — an upload session's state and received bytes
import { apiHandler } from "@/server/http/api-handler";
import { respond, uploadSessionRepresentation } from "@/server/http/representations";
import { getUploadDeps, uploadUrlFor } from "@/server/runtime";
import { currentOffset, getUploadSessionOrThrow } from "@/server/services/uploads";

export const GET = apiHandler<{ id: string }>(async ({ params, require }) => {
  const deps = await getUploadDeps();
  const session = await getUploadSessionOrThrow(deps.store, params.id);
  require({ scope: "releases:upload", appId: session.appId });
  const receivedBytes = await currentOffset(deps, session);
  return respond(uploadSessionRepresentation, { ...session, receivedBytes, uploadUrl: uploadUrlFor(session.id) });
});
