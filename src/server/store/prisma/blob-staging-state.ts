import type { BlobStaging, PrismaClient } from "@/generated/prisma/client";
import type { DatabaseKind } from "../../db/database-kind";
import type { S3StagedPart, S3StagingRecord, S3StagingState } from "../../storage/s3/staging-state";
import { isPostgresConflict, isSqliteBusy } from "./errors";
import { json } from "./mappers";
import type { Db } from "./repositories";

// The S3 store's multipart state (blob_staging) and "stored at" dates (blob_stored_at) in the
// database, so every app server sees the same uploads. Each call is one short statement or
// transaction; a write is a compare-and-set on the row's version.

const LIST_PAGE = 200;

function toRecord(row: BlobStaging): S3StagingRecord {
  return {
    id: row.id,
    version: row.version,
    objectKey: row.objectKey,
    partSize: row.partSize,
    uploadId: row.uploadId,
    nextPartNumber: row.nextPartNumber,
    parts: row.parts as unknown as S3StagedPart[],
    tailKey: row.tailKey,
    tailSize: row.tailSize,
    size: Number(row.size),
    hashState: row.hashState,
    assembled: row.assembled,
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
}

function toRow(record: S3StagingRecord) {
  return { ...record, parts: json(record.parts), size: BigInt(record.size) };
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "P2002";

/**
 * SQLite's adapter shares one connection, and a bare statement issued while another request's
 * transaction is open would join it: every call runs in a short transaction of its own there.
 * PostgreSQL's pool needs no wrapper.
 */
export function prismaBlobStagingState(prisma: PrismaClient, kind: DatabaseKind): S3StagingState {
  const run = async <T>(op: (db: Db) => Promise<T>): Promise<T> => {
    if (kind === "postgresql") return op(prisma);
    for (let attempt = 1; ; attempt++) {
      try {
        return await prisma.$transaction(op);
      } catch (error) {
        if (attempt >= 5 || !(isSqliteBusy(error) || isPostgresConflict(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 20));
      }
    }
  };
  return {
    get: (id) =>
      run(async (db) => {
        const row = await db.blobStaging.findUnique({ where: { id } });
        return row && toRecord(row);
      }),
    create: (record) =>
      run(async (db) => {
        try {
          await db.blobStaging.create({ data: toRow(record) });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      }),
    compareAndSet: (expectedVersion, record) =>
      run(async (db) => {
        const { id, ...rest } = toRow(record);
        const { count } = await db.blobStaging.updateMany({ where: { id, version: expectedVersion }, data: rest });
        return count === 1;
      }),
    delete: (id) => run(async (db) => void (await db.blobStaging.deleteMany({ where: { id } }))),
    async *list() {
      let cursor: string | undefined;
      for (;;) {
        const after = cursor;
        const rows = await run((db) => db.blobStaging.findMany({ where: after === undefined ? {} : { id: { gt: after } }, orderBy: { id: "asc" }, take: LIST_PAGE }));
        for (const row of rows) yield toRecord(row);
        if (rows.length < LIST_PAGE) return;
        cursor = rows.at(-1)?.id;
      }
    },
    storedAt: (sha256) => run(async (db) => (await db.blobStoredAt.findUnique({ where: { sha256 } }))?.storedAt ?? null),
    markStored: (sha256, at) => run(async (db) => void (await db.blobStoredAt.upsert({ where: { sha256 }, create: { sha256, storedAt: at }, update: { storedAt: at } }))),
    forgetStored: (sha256) => run(async (db) => void (await db.blobStoredAt.deleteMany({ where: { sha256 } }))),
  };
}
