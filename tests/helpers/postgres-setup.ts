// Vitest global setup of the integration project: one PostgreSQL server for the whole run, with a
// fully migrated template database that each test copies (CREATE DATABASE … TEMPLATE: ~50 ms).
// POSTGRES_TEST_URL points at a server of your own instead (the role needs CREATEDB). Without
// PostgreSQL installed the PostgreSQL store variants are skipped, with a warning, unless
// REQUIRE_POSTGRES=1 (CI sets it) makes that an error.
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/server/db/migrations";
import { withPostgresClient } from "@/server/db/postgres-client";
import { postgresBinDir, startPostgresCluster } from "./postgres-cluster";

export const TEMPLATE_DATABASE = "shipyard_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database URL on the test PostgreSQL server, or "" when there is none. */
    postgresServerUrl: string;
  }
}

async function onServer(url: string, sql: string): Promise<void> {
  await withPostgresClient(url, (client) => client.query(sql));
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  let serverUrl = process.env.POSTGRES_TEST_URL ?? "";
  let stop: (() => void) | undefined;
  if (!serverUrl) {
    if (!postgresBinDir()) {
      if (process.env.REQUIRE_POSTGRES === "1") throw new Error("REQUIRE_POSTGRES=1 but PostgreSQL is not installed");
      console.warn("PostgreSQL is not installed: the PostgreSQL store tests are skipped (apt-get install -y postgresql-15).");
      project.provide("postgresServerUrl", "");
      return undefined;
    }
    const cluster = await startPostgresCluster();
    serverUrl = cluster.url;
    stop = () => cluster.stop();
  }
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  await applyMigrations({ databaseUrl: templateUrl.toString() });
  project.provide("postgresServerUrl", serverUrl);
  return stop;
}
