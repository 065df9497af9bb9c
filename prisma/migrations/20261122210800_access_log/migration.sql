-- CreateTable
CREATE TABLE "AccessLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "caseId" TEXT,
    "youthId" UUID,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,

    CONSTRAINT "AccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessLog_caseId_at_idx" ON "AccessLog"("caseId", "at");

-- CreateIndex
CREATE INDEX "AccessLog_youthId_at_idx" ON "AccessLog"("youthId", "at");

-- CreateIndex
CREATE INDEX "AccessLog_actorId_at_idx" ON "AccessLog"("actorId", "at");

