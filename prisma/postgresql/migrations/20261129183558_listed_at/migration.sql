-- AlterTable
ALTER TABLE "Vacancy" ADD COLUMN     "listedAt" TIMESTAMP(3);


-- Vacancies already published count as listed when they were first stored.
UPDATE "Vacancy" SET "listedAt" = "createdAt" WHERE status = 'published';
