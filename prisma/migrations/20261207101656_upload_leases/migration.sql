-- AlterTable
ALTER TABLE "upload_sessions" ADD COLUMN "lease_owner" TEXT;
ALTER TABLE "upload_sessions" ADD COLUMN "lease_until" DATETIME;
