-- CreateTable
CREATE TABLE "VacancyReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "contactId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "kecamatan" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "reason" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" DATETIME,
    "vacancyId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VacancyReport_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'job_fair',
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME,
    "place" TEXT NOT NULL,
    "kecamatan" TEXT,
    "organiser" TEXT,
    "howToRegister" TEXT,
    "cost" TEXT,
    "bring" TEXT,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Training" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "kecamatan" TEXT,
    "keywords" TEXT NOT NULL DEFAULT '',
    "minEducation" TEXT,
    "educationRank" INTEGER NOT NULL DEFAULT 0,
    "startDate" DATETIME,
    "endDate" DATETIME,
    "rolling" BOOLEAN NOT NULL DEFAULT false,
    "registrationCloses" DATETIME,
    "quota" INTEGER,
    "cost" INTEGER,
    "howToRegister" TEXT,
    "requirements" TEXT,
    "bring" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "VacancyReport_reference_key" ON "VacancyReport"("reference");

-- CreateIndex
CREATE INDEX "VacancyReport_status_createdAt_idx" ON "VacancyReport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "VacancyReport_contactId_idx" ON "VacancyReport"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_sourceId_key" ON "Event"("sourceId");

-- CreateIndex
CREATE INDEX "Event_startDate_idx" ON "Event"("startDate");

-- CreateIndex
CREATE UNIQUE INDEX "Training_sourceId_key" ON "Training"("sourceId");

-- CreateIndex
CREATE INDEX "Training_status_idx" ON "Training"("status");

