import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";

// The handful of S3 calls the store makes, each with the error mapping it needs. Only what
// s3rver, MinIO, R2 and Ceph all serve: no ListParts, no conditional writes, no checksums, and
// AbortMultipartUpload only as a courtesy (s3rver answers 405; a bucket lifecycle rule for
// incomplete multipart uploads is the real cleanup).

export interface Bucket {
  client: S3Client;
  bucket: string;
}

const OCTETS = "application/octet-stream";

/** HTTP status of an SDK error, or undefined for anything else (a socket error). */
export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return statusOf(error) === 404 || name === "NoSuchKey" || name === "NotFound";
}

export async function headObject(b: Bucket, key: string): Promise<{ size: number; lastModified: Date } | null> {
  try {
    const head = await b.client.send(new HeadObjectCommand({ Bucket: b.bucket, Key: key }));
    return { size: head.ContentLength ?? 0, lastModified: head.LastModified ?? new Date(0) };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function putObject(b: Bucket, key: string, body: Buffer): Promise<void> {
  await b.client.send(new PutObjectCommand({ Bucket: b.bucket, Key: key, Body: body, ContentLength: body.length, ContentType: OCTETS }));
}

/** A small object (a tail, never more than one part) read whole into memory; null when absent. */
export async function readSmallObject(b: Bucket, key: string): Promise<Buffer | null> {
  try {
    const response = await b.client.send(new GetObjectCommand({ Bucket: b.bucket, Key: key }));
    return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Deletes, ignoring absence and failures: for leftovers whose removal nothing depends on. */
export async function deleteQuietly(b: Bucket, key: string): Promise<void> {
  await b.client.send(new DeleteObjectCommand({ Bucket: b.bucket, Key: key })).catch(() => {});
}

export async function deleteObject(b: Bucket, key: string): Promise<void> {
  await b.client.send(new DeleteObjectCommand({ Bucket: b.bucket, Key: key }));
}

export async function createMultipartUpload(b: Bucket, key: string): Promise<string> {
  const { UploadId } = await b.client.send(new CreateMultipartUploadCommand({ Bucket: b.bucket, Key: key, ContentType: OCTETS }));
  if (!UploadId) throw new Error("CreateMultipartUpload returned no UploadId");
  return UploadId;
}

export async function abortQuietly(b: Bucket, key: string, uploadId: string): Promise<void> {
  await b.client.send(new AbortMultipartUploadCommand({ Bucket: b.bucket, Key: key, UploadId: uploadId })).catch(() => {});
}

export async function completeMultipartUpload(b: Bucket, key: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<void> {
  await b.client.send(
    new CompleteMultipartUploadCommand({
      Bucket: b.bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.number, ETag: part.etag })) },
    }),
  );
}

/** Keys and sizes under a prefix, a page of ListObjectsV2 at a time. */
export async function* listObjects(b: Bucket, prefix: string, pageSize?: number): AsyncGenerator<{ key: string; size: number }> {
  let token: string | undefined;
  do {
    const page = await b.client.send(new ListObjectsV2Command({ Bucket: b.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: pageSize }));
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

const GiB = 1024 ** 3;
/** S3's limit for one CopyObject (and for one part); above it a copy goes through UploadPartCopy. */
export const COPY_OBJECT_LIMIT = 5 * GiB;

export interface CopyTuning {
  /** Objects larger than this are copied part by part. */
  copyObjectLimit: number;
  /** Part size of such a copy (≥ 5 MiB on real S3; at most 10,000 parts). */
  copyPartSize: number;
}

/** Server-side copy: no byte passes through this process. */
export async function copyObject(b: Bucket, from: string, to: string, size: number, tuning: CopyTuning): Promise<void> {
  // CopySource is URL-encoded on the wire; bucket names and our keys (see ./keys) need no escaping.
  const source = `${b.bucket}/${from}`;
  if (size <= tuning.copyObjectLimit) {
    await b.client.send(new CopyObjectCommand({ Bucket: b.bucket, Key: to, CopySource: source, MetadataDirective: "REPLACE", ContentType: OCTETS }));
    return;
  }
  const partSize = Math.max(tuning.copyPartSize, Math.ceil(size / 10_000));
  const uploadId = await createMultipartUpload(b, to);
  try {
    const parts: { number: number; etag: string }[] = [];
    for (let start = 0, number = 1; start < size; start += partSize, number++) {
      const end = Math.min(size, start + partSize) - 1;
      const result = await b.client.send(
        new UploadPartCopyCommand({ Bucket: b.bucket, Key: to, UploadId: uploadId, PartNumber: number, CopySource: source, CopySourceRange: `bytes=${start}-${end}` }),
      );
      const etag = result.CopyPartResult?.ETag;
      if (!etag) throw new Error("UploadPartCopy returned no ETag");
      parts.push({ number, etag });
    }
    await completeMultipartUpload(b, to, uploadId, parts);
  } catch (error) {
    await abortQuietly(b, to, uploadId);
    throw error;
  }
}
