-- CreateTable
CREATE TABLE "ServiceAlert" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "keyword" TEXT,
    "education" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lastSentAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceAlert_status_idx" ON "ServiceAlert"("status");

-- CreateIndex
CREATE INDEX "ServiceAlert_contactId_idx" ON "ServiceAlert"("contactId");

-- AddForeignKey
ALTER TABLE "ServiceAlert" ADD CONSTRAINT "ServiceAlert_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

