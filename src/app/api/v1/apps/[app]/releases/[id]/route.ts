// GET /api/v1/apps/{app}/releases/{id} — one release with its artifacts
import { DomainError } from "@/domain/errors";
import { apiHandler } from "@/server/http/api-handler";
import { releaseWithArtifactsRepresentation, respond } from "@/server/http/representations";
import { downloadUrlFor } from "@/server/runtime";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { getReleaseOrThrow } from "@/server/services/releases";

export const GET = apiHandler<{ app: string; id: string }>(async ({ params, store }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  const { release, artifacts } = await getReleaseOrThrow(store, params.id);
  if (release.appId !== app.id) throw DomainError.notFound("release", params.id);
  return respond(releaseWithArtifactsRepresentation, { ...release, artifacts: artifacts.map((a) => ({ ...a, downloadUrl: downloadUrlFor(app, a) })) });
});
