// The distributed backends of bench:scale on loopback: a throwaway PostgreSQL 15 cluster and an
// s3rver bucket (the test suite's helpers), and the env that points app servers at them, as
// tests/e2e/two-servers.test.ts sets it. Both stop when the bench exits, also on a failure.
import { withPostgresClient } from "@/server/db/postgres-client";
import { type PostgresCluster, postgresBinDir, startPostgresCluster } from "../../tests/helpers/postgres-cluster";
import { type LoopbackS3, startS3rver } from "../../tests/helpers/s3rver";
import { postmasterOn } from "./scale-cpu";

export interface DistributedBackends {
  databaseUrl: string;
  /** DATABASE_URL, AUTH_SECRET (required with PostgreSQL, shared by every server) and S3_*. */
  env: Record<string, string>;
  /** The postmaster, for CPU accounting (scale-cpu.ts). */
  postgresPid: number | null;
  stop(): Promise<void>;
}

const AUTH_SECRET = "bench-scale-servers-share-this-secret-0123456789";

export async function startDistributedBackends(): Promise<DistributedBackends> {
  if (!postgresBinDir()) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql-15)");
  let cluster: PostgresCluster | undefined;
  let s3: LoopbackS3 | undefined;
  // pg_ctl stop is synchronous: it still runs in an exit handler when the bench fails or is interrupted.
  const stopCluster = () => {
    cluster?.stop();
    cluster = undefined;
  };
  process.on("exit", stopCluster);
  [cluster, s3] = await Promise.all([startPostgresCluster(), startS3rver("shipyard-bench")]);
  await withPostgresClient(cluster.url, (client) => client.query('CREATE DATABASE "shipyard"'));
  const databaseUrl = cluster.urlOf("shipyard");
  return {
    databaseUrl,
    postgresPid: postmasterOn(Number(new URL(databaseUrl).port)),
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
    },
    async stop() {
      await s3?.stop();
      stopCluster();
      process.off("exit", stopCluster);
    },
  };
}
