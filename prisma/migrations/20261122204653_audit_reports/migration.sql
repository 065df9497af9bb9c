-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "duoStatus" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuoFeedback" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "meldingIds" TEXT[],
    "gemeente" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusLabel" TEXT NOT NULL,
    "closingReason" TEXT,
    "closingReasonLabel" TEXT,
    "contactPerson" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "exportedAt" TIMESTAMP(3),
    "exportedBy" TEXT,

    CONSTRAINT "DuoFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_caseId_version_key" ON "AuditEntry"("caseId", "version");

-- CreateIndex
CREATE INDEX "DuoFeedback_exportedAt_createdAt_idx" ON "DuoFeedback"("exportedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DuoFeedback_caseId_version_key" ON "DuoFeedback"("caseId", "version");

