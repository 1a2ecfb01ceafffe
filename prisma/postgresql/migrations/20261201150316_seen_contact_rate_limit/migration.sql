-- AlterTable
ALTER TABLE "InboundSeen" ADD COLUMN     "contactId" INTEGER;

-- CreateTable
CREATE TABLE "RateLimit" (
    "channel" TEXT NOT NULL,
    "nextAt" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("channel")
);

-- CreateIndex
CREATE INDEX "InboundSeen_contactId_idx" ON "InboundSeen"("contactId");

