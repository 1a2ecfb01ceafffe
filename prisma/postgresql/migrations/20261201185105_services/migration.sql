-- CreateTable
CREATE TABLE "VacancyReport" (
    "id" SERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "contactId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "kecamatan" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "reason" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "vacancyId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VacancyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'job_fair',
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3),
    "place" TEXT NOT NULL,
    "kecamatan" TEXT,
    "organiser" TEXT,
    "howToRegister" TEXT,
    "cost" TEXT,
    "bring" TEXT,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Training" (
    "id" SERIAL NOT NULL,
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
    "startDate" TIMESTAMP(3),
    "endDate" TIMESTAMP(3),
    "rolling" BOOLEAN NOT NULL DEFAULT false,
    "registrationCloses" TIMESTAMP(3),
    "quota" INTEGER,
    "cost" INTEGER,
    "howToRegister" TEXT,
    "requirements" TEXT,
    "bring" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Training_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "VacancyReport" ADD CONSTRAINT "VacancyReport_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

