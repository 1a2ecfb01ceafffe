-- CreateTable
CREATE TABLE "ServiceAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contactId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "keyword" TEXT,
    "education" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lastSentAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ServiceAlert_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ServiceAlert_status_idx" ON "ServiceAlert"("status");

-- CreateIndex
CREATE INDEX "ServiceAlert_contactId_idx" ON "ServiceAlert"("contactId");

