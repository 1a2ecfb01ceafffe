-- CreateTable
CREATE TABLE "GuideFunnel" (
    "id" SERIAL NOT NULL,
    "guide" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GuideFunnel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GuideFunnel_guide_step_event_day_key" ON "GuideFunnel"("guide", "step", "event", "day");

