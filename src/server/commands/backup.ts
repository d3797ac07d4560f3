// `shipyard backup <dir>` and `shipyard restore <dir>`: run on the server's own machine, on its data
// dir (DATA_DIR / DATABASE_URL). A backup can be taken while the server runs; a restore goes into an
// empty data dir, with no server running on it.
import path from "node:path";
import { CliError, EXIT } from "@/cli/exit-codes";
import type { Output } from "@/cli/output";
import { isDomainError } from "@/domain/errors";
import { env } from "@/env";
import { migrateDatabase } from "../bootstrap";
import { openPrisma } from "../db/client";
import { backupSqliteFile, sqliteFileOf } from "../db/sqlite-backup";
import { writeBackup } from "../services/backup";
import { restoreBackup } from "../services/restore";
import { createLocalBlobStore } from "../storage/local-disk";
import { createPrismaStore } from "../store/prisma";
import { runFromProjectRoot } from "./project-root";

export const BACKUP_USAGE = `Usage:
  shipyard backup <dir>    copy the database, every file it refers to and a manifest of SHA-256s into <dir> (new or empty)
  shipyard restore <dir>   check a backup against its manifest, then restore it into the empty data dir`;

function localPaths() {
  const config = env();
  const databaseFile = sqliteFileOf(config.databaseUrl);
  if (!databaseFile) throw new CliError(`backup and restore work on a SQLite file database; DATABASE_URL is ${config.databaseUrl}`, EXIT.USAGE);
  // Where env.ts keeps the generated auth secret.
  return { databaseFile, authSecretFile: path.join(config.dataDir, "auth-secret"), blobs: createLocalBlobStore(config.dataDir) };
}

/** The backup dir, relative to where `shipyard` was run (resolved before runFromProjectRoot). */
function target(args: string[]): string {
  const [dir, ...extra] = args;
  if (dir === undefined || extra.length > 0 || dir.startsWith("-")) throw new CliError(BACKUP_USAGE, EXIT.USAGE);
  return path.resolve(dir);
}

function asCliError(error: unknown): never {
  if (isDomainError(error)) throw new CliError(error.message, error.code === "CONFLICT" ? EXIT.CONFLICT : EXIT.USAGE);
  throw error;
}

export async function backupCommand(args: string[], out: Output): Promise<void> {
  const dir = target(args);
  runFromProjectRoot();
  const { databaseFile, authSecretFile, blobs } = localPaths();
  const manifest = await writeBackup(
    {
      snapshotDatabase: (destination) => backupSqliteFile(databaseFile, destination),
      authSecretFile,
      blobs,
      async openCopy(file) {
        const prisma = await openPrisma(`file:${file}`);
        return { store: createPrismaStore(prisma), close: () => prisma.$disconnect() };
      },
    },
    dir,
  ).catch(asCliError);
  const bytes = manifest.blobs.reduce((sum, b) => sum + b.size, 0);
  out.info(`Backed up the database (${manifest.database.size} bytes) and ${manifest.blobs.length} files (${bytes} bytes) into ${dir}.`);
  out.result(dir);
}

export async function restoreCommand(args: string[], out: Output): Promise<void> {
  const dir = target(args);
  runFromProjectRoot();
  const paths = localPaths();
  const manifest = await restoreBackup(dir, paths).catch(asCliError);
  const applied = await migrateDatabase();
  out.info(`Restored the backup of ${manifest.createdAt} (${manifest.blobs.length} files) into ${env().dataDir}${applied.length > 0 ? `, then applied ${applied.length} migrations` : ""}.`);
  out.result(env().dataDir);
}
