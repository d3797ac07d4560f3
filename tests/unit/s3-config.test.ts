// S3 settings from environment variables, and the part size a resumable upload gets.
import { describe, expect, it } from "vitest";
import { partSizeFor } from "@/server/storage/s3/s3-append";
import { readS3Config } from "@/server/storage/s3/config";

const MiB = 1024 * 1024;

describe("readS3Config", () => {
  it("is null without S3_BUCKET: the disk store", () => {
    expect(readS3Config({})).toBeNull();
    expect(readS3Config({ S3_BUCKET: "", S3_ENDPOINT: "not a url" })).toBeNull();
  });

  it("reads a full configuration, an empty variable counting as unset", () => {
    expect(
      readS3Config({
        S3_BUCKET: "shipyard-artifacts",
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_REGION: "eu-central-1",
        S3_ACCESS_KEY_ID: "AKIA",
        S3_SECRET_ACCESS_KEY: "secret",
        S3_FORCE_PATH_STYLE: "true",
        S3_PREFIX: "",
        S3_DOWNLOAD_REDIRECT: "public",
        UNRELATED: "x",
      }),
    ).toEqual({
      bucket: "shipyard-artifacts",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-central-1",
      credentials: { accessKeyId: "AKIA", secretAccessKey: "secret" },
      forcePathStyle: true,
      prefix: "",
      downloadRedirect: "public",
    });
    expect(readS3Config({ S3_BUCKET: "b12", S3_PREFIX: "shipyard/prod/" })).toEqual({
      bucket: "b12",
      endpoint: undefined,
      region: "us-east-1",
      credentials: undefined,
      forcePathStyle: false,
      prefix: "shipyard/prod/",
      downloadRedirect: "off",
    });
  });

  it("names every invalid variable in one error", () => {
    const read = () => readS3Config({ S3_BUCKET: "Bad_Bucket", S3_ENDPOINT: "ftp://x", S3_FORCE_PATH_STYLE: "yes", S3_ACCESS_KEY_ID: "only-the-id", S3_PREFIX: "../up/" });
    expect(read).toThrow(/S3_BUCKET: .*bucket name/);
    expect(read).toThrow(/S3_ENDPOINT: .*http\(s\) URL/);
    expect(read).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(read).toThrow(/S3_PREFIX/);
    expect(() => readS3Config({ S3_BUCKET: "bucket", S3_DOWNLOAD_REDIRECT: "all" })).toThrow(/S3_DOWNLOAD_REDIRECT must be off or public/);
    expect(() => readS3Config({ S3_BUCKET: "bucket", S3_ACCESS_KEY_ID: "only-the-id" })).toThrow(/must be set together/);
  });
});

describe("partSizeFor", () => {
  it("keeps the minimum until an upload's limit needs more than 9,000 parts, then whole MiB", () => {
    expect(partSizeFor(5 * MiB, 0)).toBe(5 * MiB);
    expect(partSizeFor(8 * MiB, 4 * 1024 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(64 * 1024, 1_000_000)).toBe(64 * 1024);
    expect(partSizeFor(8 * MiB, 100 * 1024 * MiB)).toBe(12 * MiB);
    expect(100 * 1024 * MiB <= 9_000 * partSizeFor(8 * MiB, 100 * 1024 * MiB)).toBe(true);
  });
});
