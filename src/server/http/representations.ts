// The JSON shapes the REST API returns, as zod schemas: handlers parse their output through them
// (so no unlisted field, such as a token hash, can slip out) and the OpenAPI document is generated
// from the same schemas.
import { z } from "zod";
import { VISIBILITIES } from "@/domain/app";
import { VALIDATION_STATUSES } from "@/domain/artifact";
import { AUDIT_TARGET_TYPES } from "@/domain/audit";
import { channelPolicySchema } from "@/domain/channel";
import { PLATFORMS } from "@/domain/platform";
import { TOKEN_SCOPES } from "@/domain/token";

const timestamp = z.iso.datetime();
const isoDate = z
  .date()
  .transform((d) => d.toISOString())
  .pipe(timestamp);
const isoDateOrNull = z
  .date()
  .nullable()
  .transform((d) => d?.toISOString() ?? null)
  .pipe(timestamp.nullable());

export const appRepresentation = z.object({
  id: z.string(),
  slug: z.string(),
  displayName: z.string(),
  bundleIds: z.partialRecord(z.enum(PLATFORMS), z.string()),
  visibility: z.enum(VISIBILITIES),
  /** Apps ship it to call the update API; shown only to admins and the app's managers (domain/update-key-access.ts). */
  updateKey: z.string().nullable().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

/** DELETE /api/v1/apps/{app}: which app went (its releases, channels and tokens went with it). */
export const deletedAppRepresentation = z.object({ deleted: z.string() });

export const artifactRepresentation = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  validationStatus: z.enum(VALIDATION_STATUSES),
  createdAt: isoDate,
  /** Direct download link (a signed, expiring one for private apps). */
  downloadUrl: z.string().optional(),
});

export const releaseRepresentation = z.object({
  id: z.string(),
  appId: z.string(),
  version: z.string(),
  build: z.string(),
  channel: z.string(),
  notes: z.string(),
  createdBy: z.string(),
  createdAt: isoDate,
  publishedAt: isoDateOrNull,
});

export const releaseWithArtifactsRepresentation = releaseRepresentation.extend({
  artifacts: z.array(artifactRepresentation),
});

export const publishedReleaseRepresentation = releaseWithArtifactsRepresentation.extend({
  /** The release's install page. */
  installUrl: z.string(),
});

export const channelRepresentation = z.object({
  id: z.string(),
  name: z.string(),
  currentReleaseId: z.string().nullable(),
  previousReleaseId: z.string().nullable(),
  policy: channelPolicySchema,
  rolloutPercent: z.number().int(),
  updatedAt: isoDate,
});

export const tokenRepresentation = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  appId: z.string().nullable(),
  channel: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoDate,
  expiresAt: isoDateOrNull,
  lastUsedAt: isoDateOrNull,
  revokedAt: isoDateOrNull,
});

export const createdTokenRepresentation = z.object({
  token: tokenRepresentation,
  /** The raw token: shown in this response only. */
  secret: z.string(),
});

export const auditEventRepresentation = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.enum(AUDIT_TARGET_TYPES),
  targetId: z.string(),
  /** The app the event concerns, kept after the app is deleted; null when it concerns none. */
  appId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: isoDate,
});

export const whoamiRepresentation = z.object({
  tokenId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  appId: z.string().nullable(),
  channel: z.string().nullable(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Answers with `value` shaped by `schema` (unknown keys stripped). */
export function respond<S extends z.ZodType>(schema: S, value: z.input<S>, status = 200): Response {
  return Response.json(schema.parse(value), { status, headers: { "cache-control": "no-store" } });
}

export const uploadSessionRepresentation = z.object({
  id: z.string(),
  filename: z.string(),
  platform: z.enum(PLATFORMS).nullable(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  state: z.enum(["open", "complete", "expired", "failed"]),
  receivedBytes: z.number().int(),
  expiresAt: isoDate,
  failureReason: z.string().nullable(),
  /** Where to PUT (or resume with PATCH) the bytes: a single-use capability URL. */
  uploadUrl: z.string(),
});
