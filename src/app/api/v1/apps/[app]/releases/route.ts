// GET/POST /api/v1/apps/{app}/releases — list an app's releases; publish one from completed uploads
import { publishFromUploadsInputSchema } from "@/domain/upload";
import { apiHandler } from "@/server/http/api-handler";
import { parseJsonBody } from "@/server/http/json-body";
import { pageFromQuery } from "@/server/http/query";
import { pageOf, publishedReleaseRepresentation, releaseRepresentation, respond } from "@/server/http/representations";
import { downloadUrlFor, getInspector, installUrlFor } from "@/server/runtime";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { publishFromUploads } from "@/server/services/publish-uploads";
import { listReleases } from "@/server/services/releases";

export const GET = apiHandler<{ app: string }>(async ({ req, params, store }) => {
  const app = await getAppBySlugOrThrow(store, params.app);
  return respond(pageOf(releaseRepresentation), await listReleases(store, app.id, pageFromQuery(new URL(req.url))));
});

export const POST = apiHandler<{ app: string }>(async ({ req, params, store, actor, require }) => {
  const input = await parseJsonBody(req, publishFromUploadsInputSchema, "release");
  const app = await getAppBySlugOrThrow(store, params.app);
  // proxy.ts checked the channel it read from the body; check the parsed one again here.
  require({ scope: "releases:publish", appId: app.id, channel: input.channel });
  if (input.promote) require({ scope: "channels:promote", appId: app.id, channel: input.channel });
  // Publishing a file that failed validation is an admin's call, made file by file.
  if (input.allowInvalid.length > 0) require({ scope: "admin", appId: app.id, channel: input.channel });
  const result = await publishFromUploads({ store, inspector: await getInspector() }, actor, app.id, input);
  const artifacts = result.artifacts.map((a) => ({ ...a, downloadUrl: downloadUrlFor(app, a) }));
  const body = { ...result.release, artifacts, installUrl: installUrlFor(app.slug, result.release.id) };
  return respond(publishedReleaseRepresentation, body, 201);
});
