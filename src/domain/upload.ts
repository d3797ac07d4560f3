import { z } from "zod";
import { filenameSchema, sha256Schema } from "./artifact";
import { channelNameSchema } from "./channel";
import { platformSchema } from "./platform";
import { MAX_ARTIFACTS_PER_RELEASE, notesSchema } from "./release";
import { slugSchema } from "./slug";
import { buildSchema, versionSchema } from "./version";

export const UPLOAD_STATES = ["open", "complete", "expired", "failed"] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/** A single-use capability to stream one file of a declared size and digest into the blob store. */
export interface UploadSession {
  id: string;
  appId: string;
  filename: string;
  platform: z.infer<typeof platformSchema> | null;
  sizeBytes: number;
  sha256: string;
  state: UploadState;
  /** Bytes received so far (the resume offset). */
  receivedBytes: number;
  /** What inspection found once it ran (see src/server/inspect); null before. */
  inspection: Record<string, unknown> | null;
  /** The release that consumed this upload: an upload is used once. */
  releaseId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  /** Why the session failed, when it did. */
  failureReason: string | null;
}

export const createUploadInputSchema = z.object({
  app: slugSchema,
  filename: filenameSchema,
  size: z.number({ error: "size must be a number" }).int("size must be a whole number of bytes").positive("size must be greater than zero").max(Number.MAX_SAFE_INTEGER),
  sha256: sha256Schema,
  platform: platformSchema.optional(),
});
export type CreateUploadInput = z.input<typeof createUploadInputSchema>;

/**
 * Facts about a file only CI knows, given per upload when publishing: Sparkle's Ed25519 signature
 * (made with a key that never reaches this server), and what cannot be read cheaply from a DMG.
 */
export const ciAttributesSchema = z
  .object({
    edSignature: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/, "edSignature must be a base64 Ed25519 signature (88 characters)")
      .optional(),
    minimumSystemVersion: z
      .string()
      .regex(/^\d{1,4}(\.\d{1,4}){0,3}$/, "minimumSystemVersion must look like 12.0 or 10.15.7")
      .optional(),
    arch: z.enum(["x64", "arm64", "x86", "universal"], { error: "arch must be x64, arm64, x86 or universal" }).optional(),
  })
  .strict();
export type CiAttributes = z.output<typeof ciAttributesSchema>;

/** POST /api/v1/apps/{app}/releases: a release made of completed uploads. */
export const publishFromUploadsInputSchema = z.object({
  version: versionSchema,
  build: buildSchema,
  channel: channelNameSchema,
  notes: notesSchema.default(""),
  uploads: z.array(z.string().min(1).max(100)).min(1, "a release needs at least one upload").max(MAX_ARTIFACTS_PER_RELEASE, `a release has at most ${MAX_ARTIFACTS_PER_RELEASE} artifacts`),
  promote: z.boolean().default(false),
  /** Per upload id: what CI knows about that file (see ciAttributesSchema). */
  attributes: z.record(z.string().min(1).max(100), ciAttributesSchema).default({}),
  /**
   * Upload ids an admin publishes although they failed validation, each named explicitly: without
   * it a release with an invalid file is refused. Audited, and shown on the release.
   */
  allowInvalid: z.array(z.string().min(1).max(100)).max(MAX_ARTIFACTS_PER_RELEASE).default([]),
});
export type PublishFromUploadsInput = z.input<typeof publishFromUploadsInputSchema>;
