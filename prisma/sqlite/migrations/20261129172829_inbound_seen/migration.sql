-- CreateTable
CREATE TABLE "InboundSeen" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "InboundSeen_createdAt_idx" ON "InboundSeen"("createdAt");

