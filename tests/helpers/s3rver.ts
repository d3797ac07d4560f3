// A loopback S3 for tests: @20minutes/s3rver started in-process (its bin file is missing from the
// package), the bucket created through configureBuckets, and a client set up as the app's is.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import type { S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "@/server/storage/s3/config";

export interface LoopbackS3 {
  client: S3Client;
  bucket: string;
  endpoint: string;
  stop(): Promise<void>;
}

export async function startS3rver(bucket = "shipyard-test"): Promise<LoopbackS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "shipyard-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createS3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  tolerateBucketSlash(client, bucket);
  return {
    client,
    bucket,
    endpoint,
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver signs bucket-level requests (ListObjectsV2) over "/bucket" while the SDK sends and signs
 * "/bucket/": every listing would fail with SignatureDoesNotMatch. Dropping the slash before
 * signing is equivalent for S3 and matches what s3rver computes.
 */
function tolerateBucketSlash(client: S3Client, bucket: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path === `/${bucket}/`) request.path = `/${bucket}`;
      return next(args);
    },
    { step: "build", name: "s3rverBucketSlash" },
  );
}
