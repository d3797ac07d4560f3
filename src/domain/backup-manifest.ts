import { z } from "zod";
import { sha256Schema } from "./artifact";

// What a backup holds, written last: a backup without its manifest is incomplete, and restore
// checks every file against it before it writes anything.

export const BACKUP_FORMAT = "shipyard-backup";
export const BACKUP_VERSION = 1;

const fileEntrySchema = z.object({ sha256: sha256Schema, size: z.number().int().nonnegative() });

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string().datetime(),
  database: fileEntrySchema.extend({ file: z.literal("shipyard.db") }),
  /** The auth secret that signs sessions and grant URLs, so links keep working after a restore. */
  authSecret: fileEntrySchema.extend({ file: z.literal("auth-secret") }).nullable(),
  /** Every blob a row of the database refers to, by digest. */
  blobs: z.array(fileEntrySchema),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Where a blob sits inside a backup: the blob store's own layout (two-hex fan-out). */
export function backupBlobPath(sha256: string): string {
  return `blobs/sha256/${sha256.slice(0, 2)}/${sha256}`;
}
