// GET /api/v1/apps/{app}/releases/{id} — one release with its artifacts
import { apiHandler } from "@/server/http/api-handler";
import { releaseWithArtifactsRepresentation, respond } from "@/server/http/representations";
import { downloadUrlFor } from "@/server/runtime";
import { getAppReleaseOrThrow } from "@/server/services/releases";

export const GET = apiHandler<{ app: string; id: string }>(async ({ params, store }) => {
  const { app, release, artifacts } = await getAppReleaseOrThrow(store, params.app, params.id);
  return respond(releaseWithArtifactsRepresentation, { ...release, artifacts: artifacts.map((a) => ({ ...a, downloadUrl: downloadUrlFor(app, a) })) });
});
