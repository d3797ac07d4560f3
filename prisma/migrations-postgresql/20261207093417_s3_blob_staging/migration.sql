-- CreateTable
CREATE TABLE "blob_staging" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "object_key" TEXT NOT NULL,
    "part_size" INTEGER NOT NULL,
    "upload_id" TEXT,
    "next_part_number" INTEGER NOT NULL,
    "parts" JSON NOT NULL,
    "tail_key" TEXT,
    "tail_size" INTEGER NOT NULL,
    "size" BIGINT NOT NULL,
    "hash_state" TEXT NOT NULL,
    "assembled" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "modified_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "blob_staging_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blob_stored_at" (
    "sha256" TEXT NOT NULL,
    "stored_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "blob_stored_at_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE INDEX "blob_staging_modified_at_idx" ON "blob_staging"("modified_at");
