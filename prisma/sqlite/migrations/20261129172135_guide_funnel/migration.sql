-- CreateTable
CREATE TABLE "GuideFunnel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guide" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE UNIQUE INDEX "GuideFunnel_guide_step_event_day_key" ON "GuideFunnel"("guide", "step", "event", "day");

