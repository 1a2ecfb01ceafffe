-- CreateTable
CREATE TABLE "InboundSeen" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundSeen_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "InboundSeen_createdAt_idx" ON "InboundSeen"("createdAt");

