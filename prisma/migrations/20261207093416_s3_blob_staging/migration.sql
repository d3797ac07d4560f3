-- CreateTable
CREATE TABLE "blob_staging" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "object_key" TEXT NOT NULL,
    "part_size" INTEGER NOT NULL,
    "upload_id" TEXT,
    "next_part_number" INTEGER NOT NULL,
    "parts" JSONB NOT NULL,
    "tail_key" TEXT,
    "tail_size" INTEGER NOT NULL,
    "size" BIGINT NOT NULL,
    "hash_state" TEXT NOT NULL,
    "assembled" BOOLEAN NOT NULL,
    "created_at" DATETIME NOT NULL,
    "modified_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "blob_stored_at" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "stored_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "blob_staging_modified_at_idx" ON "blob_staging"("modified_at");
