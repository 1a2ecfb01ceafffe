-- DropIndex
DROP INDEX "Subscription_contactId_key";

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "label" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "stoppedAt" DATETIME;

-- CreateTable
CREATE TABLE "Handoff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contactId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "topic" TEXT NOT NULL DEFAULT 'other',
    "summary" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "takenBy" TEXT,
    "staffName" TEXT,
    "takenAt" DATETIME,
    "firstReplyAt" DATETIME,
    "closedAt" DATETIME,
    CONSTRAINT "Handoff_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contactId" INTEGER,
    "kind" TEXT NOT NULL,
    "detail" TEXT,
    "channel" TEXT,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Activity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyCount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "day" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "Handoff_status_createdAt_idx" ON "Handoff"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Handoff_contactId_idx" ON "Handoff"("contactId");

-- CreateIndex
CREATE INDEX "Activity_kind_createdAt_idx" ON "Activity"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_createdAt_idx" ON "Activity"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DailyCount_day_key_key" ON "DailyCount"("day", "key");

-- CreateIndex
CREATE INDEX "Subscription_contactId_idx" ON "Subscription"("contactId");

