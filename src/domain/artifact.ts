import { z } from "zod";
import { filenameSchema } from "./filename";
import { readMetadata } from "./metadata-reader";
import { uploadFilenameProblem } from "./artifact-formats";
import { type Platform, platformSchema } from "./platform";

export { filenameSchema };

export const VALIDATION_STATUSES = ["pending", "valid", "invalid"] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

export const validationStatusSchema = z.enum(VALIDATION_STATUSES, {
  error: (issue) => `validation status ${JSON.stringify(issue.input)} must be one of ${VALIDATION_STATUSES.join(", ")}`,
});

/** Only a file that passed validation (or that an admin allowed explicitly) is ever offered or served. */
export function isInstallable(artifact: { validationStatus: ValidationStatus }): boolean {
  return artifact.validationStatus === "valid";
}

export const sha256Schema = z.string({ error: "sha256 must be a string" }).regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hexadecimal characters");

export const contentTypeSchema = z
  .string()
  .max(127)
  .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, "content type must look like type/subtype");

/** Where the blob store keeps the bytes; derived from the digest, never from user input. */
export function storageKeyFor(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}

export const storageKeySchema = z.string().regex(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{62}$/, "storage key must be sha256/xx/<62 hex>");

/** Stored JSON: read it through metadataOf (metadata-reader.ts), never with casts. */
export type ArtifactMetadata = Record<string, unknown>;

/** The digest of the icon inspection stored for a file (`metadata.icon.sha256`), or null when it has none. */
export function iconDigestOf(metadata: ArtifactMetadata): string | null {
  return readMetadata(metadata.kind, metadata).icon?.sha256 ?? null;
}

export interface Artifact {
  id: string;
  appId: string;
  releaseId: string;
  platform: Platform;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  metadata: ArtifactMetadata;
  validationStatus: ValidationStatus;
  createdAt: Date;
}

/** An artifact as the publish flow receives it: bytes already in the blob store, referenced by digest. */
export const artifactInputSchema = z
  .object({
    platform: platformSchema,
    filename: filenameSchema,
    contentType: contentTypeSchema.optional(),
    sizeBytes: z.number({ error: "size must be a number" }).int("size must be a whole number of bytes").positive("size must be greater than zero").max(Number.MAX_SAFE_INTEGER, "size is too large"),
    sha256: sha256Schema,
    metadata: z.record(z.string(), z.unknown()).default({}),
    validationStatus: validationStatusSchema.default("pending"),
  })
  .superRefine((artifact, ctx) => {
    const problem = uploadFilenameProblem(artifact.filename, artifact.platform);
    if (problem) ctx.addIssue({ code: "custom", path: ["filename"], message: problem });
  });
export type ArtifactInput = z.input<typeof artifactInputSchema>;
