import type { DatabaseFacts } from "@/domain/database-facts";
import type { JanitorRunRecord } from "@/domain/janitor-run";
import { checkPublicUrl, type PublicUrlCheck } from "@/domain/public-url";
import type { BlobStore } from "../storage/types";

// The admin's Settings and health page: read-only figures about this server. Everything it reads
// comes in through deps, so a test can hand it a real SQLite file and a temp dir.

export interface SystemHealthDeps {
  publicUrl: string;
  blobs: Pick<BlobStore, "usage" | "listStaged">;
  readDatabase: () => Promise<DatabaseFacts>;
  /** The janitor's latest run (the runtime's JanitorLog answers this). */
  janitor: { lastRun(): JanitorRunRecord | null };
  version: string;
  nodeVersion: string;
}

export interface StorageUsage {
  count: number;
  bytes: number;
}

export interface SystemHealth {
  publicUrl: PublicUrlCheck;
  storage: { blobs: StorageUsage; staging: StorageUsage };
  database: DatabaseFacts;
  janitor: JanitorRunRecord | null;
  version: string;
  nodeVersion: string;
}

export async function getSystemHealth(deps: SystemHealthDeps): Promise<SystemHealth> {
  const [blobs, staging, database] = await Promise.all([deps.blobs.usage(), stagingUsage(deps.blobs), deps.readDatabase()]);
  return {
    publicUrl: checkPublicUrl(deps.publicUrl),
    storage: { blobs, staging },
    database,
    janitor: deps.janitor.lastRun(),
    version: deps.version,
    nodeVersion: deps.nodeVersion,
  };
}

/** Staged bytes: uploads in progress, and leftovers the janitor sweeps after an hour. */
async function stagingUsage(blobs: Pick<BlobStore, "listStaged">): Promise<StorageUsage> {
  const total = { count: 0, bytes: 0 };
  for await (const staged of blobs.listStaged()) {
    total.count++;
    total.bytes += staged.size;
  }
  return total;
}
