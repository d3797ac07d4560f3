// What a server does before it accepts requests: schema up to date, first admin present.
// Shared by `npm start` (scripts/start.ts) and the test servers.
import { SYSTEM_ACTOR } from "@/domain/actor";
import { type Env, env } from "@/env";
import { openBlobStore } from "./composition";
import { makeDatabasePrivate, openPrisma } from "./db/client";
import { databaseKindOf } from "./db/database-kind";
import { applyMigrations, pendingMigrations } from "./db/migrations";
import { withStartupLock } from "./db/startup-lock";
import { type FinishedUploads, finishStagedUploads, sweepOrphanedStaging } from "./services/upload-recovery";
import { ensureFirstAdmin, type FirstAdminResult } from "./services/users";
import { makeDataDirPrivate } from "./storage/private-modes";
import { createPrismaStore } from "./store/prisma";

export interface BootstrapResult {
  appliedMigrations: string[];
  firstAdmin: FirstAdminResult;
  /** Sessions a crash left with every byte staged but uncommitted. */
  recoveredUploads: FinishedUploads;
  /** Staging files no open session owned. */
  sweptStagingFiles: string[];
}

/**
 * Creates the data dir, or tightens it (0700 directories, 0600 files, the database's included),
 * and applies pending migrations; returns their names. The schema engine locks the database
 * exclusively, which a running server prevents, so it is only started when something is actually
 * pending (a cheap read of _prisma_migrations tells).
 */
export async function migrateDatabase(): Promise<string[]> {
  const config = env();
  const warning = await makeDataDirPrivate(config.dataDir);
  if (warning) console.warn(warning);
  await makeDatabasePrivate(config.databaseUrl);
  if ((await pendingMigrations(config.databaseUrl)).length === 0) return [];
  try {
    return (await applyMigrations({ databaseUrl: config.databaseUrl })).applied;
  } catch (error) {
    if (/SocketTimeout|database is locked|SQLITE_BUSY/i.test(String(error))) {
      throw new Error("The database has pending migrations and is in use (is a Shipyard server running on it?). Stop the server, then try again.", { cause: error });
    }
    throw error;
  }
}

export async function bootstrap(): Promise<BootstrapResult> {
  const config = env();
  return withStartupLock(config.databaseUrl, () => bootstrapLocked(config));
}

async function bootstrapLocked(config: Env): Promise<BootstrapResult> {
  const applied = await migrateDatabase();
  const prisma = await openPrisma(config.databaseUrl);
  try {
    const store = createPrismaStore(prisma, databaseKindOf(config.databaseUrl));
    const firstAdmin = await ensureFirstAdmin(store, SYSTEM_ACTOR, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    // Before the server listens, no request can be between its last byte and its commit: every
    // fully staged open session is one a crash interrupted, and no put is in progress.
    const deps = { store, blobs: (await openBlobStore(config, prisma)).blobs, maxUploadBytes: config.maxUploadBytes, sessionTtlMs: config.uploadSessionTtlMs };
    const recoveredUploads = await finishStagedUploads(deps);
    const sweptStagingFiles = await sweepOrphanedStaging(deps, new Date());
    return { appliedMigrations: applied, firstAdmin, recoveredUploads, sweptStagingFiles };
  } finally {
    await prisma.$disconnect();
  }
}

export function describeFirstAdmin(result: FirstAdminResult): string | null {
  if (!result.created) return null;
  const lines = ["", "  First admin account created:", `    email:    ${result.email}`];
  lines.push(
    result.generatedPassword
      ? `    password: ${result.generatedPassword}\n\n  This password is shown only once. Sign in and keep it somewhere safe.`
      : "    password: the one given in SHIPYARD_ADMIN_PASSWORD",
  );
  return `${lines.join("\n")}\n`;
}

export function describeRecovery(result: Pick<BootstrapResult, "recoveredUploads" | "sweptStagingFiles">): string[] {
  const { completed, failed, unfinished } = result.recoveredUploads;
  const lines: string[] = [];
  if (completed.length > 0) lines.push(`Finished ${completed.length} upload(s) interrupted after their last byte.`);
  if (failed.length > 0) lines.push(`Failed ${failed.length} interrupted upload(s) whose bytes did not match their declared size or sha256.`);
  for (const { id, reason } of unfinished) lines.push(`Could not finish upload ${id} (left open for the client): ${reason}`);
  if (result.sweptStagingFiles.length > 0) lines.push(`Removed ${result.sweptStagingFiles.length} staging file(s) no open upload owned.`);
  return lines;
}
