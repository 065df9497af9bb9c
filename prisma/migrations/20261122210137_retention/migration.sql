-- CreateTable
CREATE TABLE "RetentionLog" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "destroyOn" TEXT NOT NULL,
    "regime" TEXT,
    "gemeente" TEXT,
    "closedOn" TEXT,
    "destroyed" JSONB NOT NULL,
    "retentionRun" TEXT NOT NULL,
    "destroyedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RetentionLog_caseId_key" ON "RetentionLog"("caseId");

-- CreateIndex
CREATE INDEX "RetentionLog_destroyedAt_idx" ON "RetentionLog"("destroyedAt");


