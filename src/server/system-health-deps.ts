// Wires the health service to this process: its config, blob store, database and janitor log.
import { env } from "@/env";
import packageJson from "../../package.json";
import { readDatabaseFacts } from "./db/database-facts";
import { getBlobStore, getJanitorLog } from "./runtime";
import type { SystemHealthDeps } from "./services/system-health";

export function systemHealthDeps(): SystemHealthDeps {
  const config = env();
  return {
    publicUrl: config.publicUrl,
    blobs: getBlobStore(),
    readDatabase: () => readDatabaseFacts(config.databaseUrl),
    janitor: getJanitorLog(),
    version: packageJson.version,
    nodeVersion: process.versions.node,
  };
}
