-- AlterTable
ALTER TABLE "InboundSeen" ADD COLUMN "replies" TEXT;

