-- AlterTable
ALTER TABLE "upload_sessions" ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "lease_until" TIMESTAMP(3);
