// GET /api/v1/apps/{app}/releases/{id} — one release with its artifacts
import { apiHandler } from "@/server/entry/api";
import { releaseWithArtifactsRepresentation, respond } from "@/server/http/representations";
import { getAppReleaseOrThrow } from "@/server/services/releases";

export const GET = apiHandler<{ app: string; id: string }>(async ({ params, store, server }) => {
  const { app, release, artifacts } = await getAppReleaseOrThrow(store, params.app, params.id);
  return respond(releaseWithArtifactsRepresentation, { ...release, artifacts: artifacts.map((a) => ({ ...a, downloadUrl: server.links.download(app, a) })) });
});
