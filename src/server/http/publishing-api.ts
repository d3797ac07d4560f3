// The CI publishing calls of the REST API, shared by the routes that name the app and channel in
// the path and the deprecated ones that took them from the body. Authorization was decided by
// proxy.ts from the path; a body naming another app or channel than the path is a mistake, said so.
import { channelNameSchema } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { slugSchema } from "@/domain/slug";
import { createUploadInputSchema, publishFromUploadsInputSchema } from "@/domain/upload";
import { getAppBySlugOrThrow } from "../services/apps";
import { publishFromUploads } from "../services/publish-uploads";
import { createUploadSession, currentOffset, getUploadSessionOrThrow } from "../services/uploads";
import type { ApiContext } from "./api-handler";
import { parseJsonBody } from "./json-body";
import { publishedReleaseRepresentation, respond, uploadSessionRepresentation } from "./representations";

const uploadBodySchema = createUploadInputSchema.extend({ app: slugSchema.optional() });
const publishBodySchema = publishFromUploadsInputSchema.extend({ channel: channelNameSchema.optional() });

/** The path's value, or the body's for routes whose path lacks it; both given must agree. */
function fromPathOrBody(field: "app" | "channel", path: string | undefined, body: string | undefined): string {
  if (path !== undefined && body !== undefined && body !== path) {
    throw new DomainError("INVALID", `the body names ${field} "${body}" but the URL names "${path}"; leave ${field} out of the body`);
  }
  const value = path ?? body;
  if (value === undefined) throw new DomainError("INVALID", `Invalid request: ${field} is required`);
  return value;
}

/** POST /api/v1/apps/{app}/uploads (and the deprecated POST /api/v1/uploads with the app in the body). */
export async function openUpload(ctx: ApiContext<Record<string, string>>, appInPath: string | undefined): Promise<Response> {
  const input = await parseJsonBody(ctx.req, uploadBodySchema, "upload");
  const app = fromPathOrBody("app", appInPath, input.app);
  const session = await createUploadSession(ctx.server.uploads, ctx.actor, { ...input, app });
  return respond(uploadSessionRepresentation, { ...session, uploadUrl: ctx.server.links.upload(session.id) }, 201);
}

/** GET /api/v1/apps/{app}/uploads/{id} (and the deprecated GET /api/v1/uploads/{id}). */
export async function describeUpload(ctx: ApiContext<Record<string, string>>, id: string, appInPath: string | undefined): Promise<Response> {
  const deps = ctx.server.uploads;
  const session = await getUploadSessionOrThrow(deps.store, id);
  // Another app's session is not found here: the token was allowed this app, not that one.
  if (appInPath !== undefined && (await getAppBySlugOrThrow(ctx.store, appInPath)).id !== session.appId) throw DomainError.notFound("upload", id);
  const receivedBytes = await currentOffset(deps, session);
  return respond(uploadSessionRepresentation, { ...session, receivedBytes, uploadUrl: ctx.server.links.upload(session.id) });
}

/** POST /api/v1/apps/{app}/channels/{channel}/releases (and the deprecated POST /api/v1/apps/{app}/releases). */
export async function postRelease(ctx: ApiContext<Record<string, string>>, appSlug: string, channelInPath: string | undefined): Promise<Response> {
  const input = await parseJsonBody(ctx.req, publishBodySchema, "release");
  const channel = fromPathOrBody("channel", channelInPath, input.channel);
  if (input.promote && !ctx.allows("channels:promote")) throw new DomainError("FORBIDDEN", "this token lacks the channels:promote scope: publish without promote, or use a token that has it");
  // Publishing a file that failed validation is an admin's call, made file by file.
  if (input.allowInvalid.length > 0 && !ctx.allows("admin")) throw new DomainError("FORBIDDEN", "only an admin token may publish files that failed validation (allowInvalid)");
  const { inspector, links } = ctx.server;
  const { app, ...result } = await publishFromUploads({ store: ctx.store, inspector }, ctx.actor, { slug: appSlug }, { ...input, channel });
  const artifacts = result.artifacts.map((a) => ({ ...a, downloadUrl: links.download(app, a) }));
  const body = { ...result.release, artifacts, installUrl: links.installPage(app.slug, result.release.id) };
  return respond(publishedReleaseRepresentation, body, 201);
}
