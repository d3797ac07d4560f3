// A loopback S3 for tests: @20minutes/s3rver (its bin file is missing from the package) in a child
// process, the bucket created through configureBuckets, and a client set up as the app's is.
// A process of its own because s3rver encrypts ListObjectsV2 continuation tokens with DES, which
// OpenSSL 3 only offers with --openssl-legacy-provider: without it every truncated listing is an
// InternalError. It also keeps s3rver's CPU and memory out of the measurements of the test process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "@/server/storage/s3/config";

export interface LoopbackS3 {
  client: S3Client;
  bucket: string;
  endpoint: string;
  stop(): Promise<void>;
}

// Prints the port once listening; exits when its stdin closes, so it never outlives the test process.
const SERVER_SCRIPT = `
const S3rver = require("@20minutes/s3rver");
const [directory, bucket] = process.argv.slice(-2);
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then(({ port }) => console.log(JSON.stringify({ port })), (error) => { console.error(error); process.exit(1); });
process.stdin.on("end", () => process.exit(0)).resume();
`;

export async function startS3rver(bucket = "shipyard-test"): Promise<LoopbackS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "shipyard-s3rver-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", SERVER_SCRIPT, directory, bucket], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await firstLine(child).then((line) => (JSON.parse(line) as { port: number }).port);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createS3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  return {
    client,
    bucket,
    endpoint,
    stop: async () => {
      client.destroy();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin?.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("s3rver has no stdout"));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
}
