-- AlterTable
ALTER TABLE "Vacancy" ADD COLUMN "listedAt" DATETIME;


-- Vacancies already published count as listed when they were first stored.
UPDATE "Vacancy" SET "listedAt" = "createdAt" WHERE status = 'published';
