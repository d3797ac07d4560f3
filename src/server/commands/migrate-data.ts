// `shipyard migrate-data --from <old data dir>`: moves a SQLite + disk installation into the
// backends this server is configured for (DATABASE_URL, S3_*), typically PostgreSQL and S3. The
// old installation is only read; the new database must be empty. Run it with no server on either.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError, EXIT } from "@/cli/exit-codes";
import type { Output } from "@/cli/output";
import { env } from "@/env";
import { migrateDatabase } from "../bootstrap";
import { openBlobStore } from "../composition";
import { openPrisma } from "../db/client";
import { copyTables, countRows } from "../db/copy-tables";
import { applyMigrations } from "../db/migrations";
import { copyBlobs } from "../services/blob-copy";
import { createLocalBlobStore } from "../storage/local-disk";
import { runFromProjectRoot } from "./project-root";

export const MIGRATE_DATA_USAGE = `Usage:
  shipyard migrate-data --from <dir>   copy the SQLite database and files of the data dir <dir> into this
                                       server's DATABASE_URL and blob store (S3_BUCKET, or DATA_DIR), which must be empty`;

export async function migrateDataCommand(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { from: { type: "string" } }, allowPositionals: true, strict: false });
  if (typeof values.from !== "string" || positionals.length > 0) throw new CliError(MIGRATE_DATA_USAGE, EXIT.USAGE);
  const fromDir = path.resolve(values.from);
  runFromProjectRoot();
  const config = env();
  const fromDatabase = path.join(fromDir, "shipyard.db");
  if (!existsSync(fromDatabase)) throw new CliError(`${fromDatabase} does not exist: --from names the old DATA_DIR`, EXIT.USAGE);
  const sourceUrl = `file:${fromDatabase}`;
  if (path.resolve(config.dataDir) === fromDir && config.databaseUrl.startsWith("file:")) {
    throw new CliError("DATA_DIR and DATABASE_URL name the installation being copied: point them at the new backends", EXIT.USAGE);
  }

  // Both at the schema this build ships: the old one is brought up to date first.
  await applyMigrations({ databaseUrl: sourceUrl });
  await migrateDatabase();
  const [source, target] = [await openPrisma(sourceUrl), await openPrisma(config.databaseUrl)];
  try {
    const existing = await countRows(target);
    if (existing > 0) throw new CliError(`The target database already holds ${existing} rows: migrate-data fills an empty one (start no server on it before)`, EXIT.CONFLICT);
    const blobs = await copyBlobs(createLocalBlobStore(fromDir), (await openBlobStore(config, target)).blobs, (done) => {
      if (done.copied % 100 === 0) out.info(`  ${done.copied} files copied (${done.bytes} bytes)`);
    });
    out.info(`Files: ${blobs.copied} copied (${blobs.bytes} bytes), ${blobs.present} already there.`);
    // One transaction: an interrupted copy leaves the target empty, and the command can run again
    // (the files it copied are skipped then).
    const rows = await target.$transaction((tx) => copyTables(source, tx as unknown as typeof target), { maxWait: 60_000, timeout: 6 * 60 * 60 * 1000 });
    const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
    out.info(
      `Database: ${total} rows copied (${Object.entries(rows)
        .filter(([, n]) => n > 0)
        .map(([table, n]) => `${table} ${n}`)
        .join(", ")}).`,
    );
    const secretFile = path.join(fromDir, "auth-secret");
    if (existsSync(secretFile)) out.info(`Give AUTH_SECRET on every server the contents of ${secretFile}: sessions, download links and testers' links then stay valid.`);
    out.result(JSON.stringify({ rows, blobs }));
  } finally {
    await Promise.all([source.$disconnect(), target.$disconnect()]);
  }
}
