import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";

// S3 settings from the environment, as a pure function of it (src/env.ts stays the only reader of
// process.env and hands its variables here). S3_BUCKET unset means the disk store: null.

const BOOLEAN = z.enum(["true", "false", "1", "0", ""]).transform((value) => value === "true" || value === "1");

const s3EnvSchema = z
  .object({
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots or hyphens"),
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "S3_ENDPOINT must be an http(s) URL, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000" }).optional(),
    S3_REGION: z.string().trim().min(1, "S3_REGION must not be empty").default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: BOOLEAN.optional().default(false),
    S3_PREFIX: z
      .string()
      .regex(/^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*$/, "S3_PREFIX must be folder names ending in /, e.g. shipyard/")
      .optional()
      .default(""),
    S3_DOWNLOAD_REDIRECT: z.enum(["off", "public"], { error: "S3_DOWNLOAD_REDIRECT must be off or public" }).optional().default("off"),
  })
  .refine((env) => (env.S3_ACCESS_KEY_ID === undefined) === (env.S3_SECRET_ACCESS_KEY === undefined), {
    message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the SDK's default credentials: IAM role, AWS_PROFILE)",
  });

export interface S3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  prefix: string;
  /** "public": downloads of public and unlisted apps' files redirect to a short-lived presigned URL. */
  downloadRedirect: "off" | "public";
}

/** Null when S3_BUCKET is unset or empty; throws one error naming every invalid variable. */
export function readS3Config(env: Record<string, string | undefined>): S3Config | null {
  if (!env.S3_BUCKET) return null;
  // An empty variable counts as unset, as a blank line in an env file means.
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith("S3_") && value !== ""));
  const parsed = s3EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
    throw new Error(`Invalid S3 configuration:\n  ${problems.join("\n  ")}`);
  }
  const v = parsed.data;
  return {
    bucket: v.S3_BUCKET,
    endpoint: v.S3_ENDPOINT,
    region: v.S3_REGION,
    credentials: v.S3_ACCESS_KEY_ID && v.S3_SECRET_ACCESS_KEY ? { accessKeyId: v.S3_ACCESS_KEY_ID, secretAccessKey: v.S3_SECRET_ACCESS_KEY } : undefined,
    forcePathStyle: v.S3_FORCE_PATH_STYLE,
    prefix: v.S3_PREFIX,
    downloadRedirect: v.S3_DOWNLOAD_REDIRECT,
  };
}

/**
 * The client for a config. Checksums only when an operation requires them: the SDK's default
 * (a CRC32 on every upload) is not understood by every S3-compatible server, and the store checks
 * its own SHA-256 of every byte anyway.
 */
export function createS3Client(config: Pick<S3Config, "endpoint" | "region" | "credentials" | "forcePathStyle">): S3Client {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  if (config.forcePathStyle) signBucketRequestsWithoutSlash(client);
  return client;
}

/**
 * With path-style addressing the SDK sends and signs bucket-level requests (ListObjectsV2) as
 * "/bucket/", while some S3-compatible servers (s3rver) verify the signature over "/bucket" and
 * refuse them. S3, MinIO and Ceph take either; "/bucket" is what every one of them signs alike.
 */
function signBucketRequestsWithoutSlash(client: S3Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: "build", name: "signBucketRequestsWithoutSlash" },
  );
}
