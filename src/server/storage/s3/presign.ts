import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { BlobStoreError } from "../errors";
import type { Bucket } from "./s3-objects";

// A short-lived GET URL for one blob, for the "redirect public artifacts" option: the app still
// authorizes and counts the download, then lets the client fetch the bytes from the bucket. The
// response headers the bucket sends (file name, type) are signed into the URL.

/** Short on purpose: the URL is a bearer capability for the bytes until it expires. */
export const MAX_PRESIGN_SECONDS = 3600;

export interface PresignOptions {
  expiresInSeconds: number;
  /** Sent as the response's Content-Disposition (the caller builds it, e.g. attachment; filename*=…). */
  contentDisposition?: string;
  contentType?: string;
}

export async function presignGet(b: Bucket, key: string, opts: PresignOptions): Promise<string> {
  const { expiresInSeconds } = opts;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new BlobStoreError("INVALID_ARGUMENT", `a presigned URL lives 1 to ${MAX_PRESIGN_SECONDS} seconds`);
  }
  const command = new GetObjectCommand({ Bucket: b.bucket, Key: key, ResponseContentDisposition: opts.contentDisposition, ResponseContentType: opts.contentType });
  return getSignedUrl(b.client, command, { expiresIn: expiresInSeconds });
}
