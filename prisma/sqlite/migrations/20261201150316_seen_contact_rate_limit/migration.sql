-- AlterTable
ALTER TABLE "InboundSeen" ADD COLUMN "contactId" INTEGER;

-- CreateTable
CREATE TABLE "RateLimit" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "nextAt" BIGINT NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "InboundSeen_contactId_idx" ON "InboundSeen"("contactId");

