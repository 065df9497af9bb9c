-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Youth" (
    "id" UUID NOT NULL,
    "identifierKind" TEXT NOT NULL,
    "identifierValue" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "hasStartkwalificatie" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Youth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Melding" (
    "id" TEXT NOT NULL,
    "youthId" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "schoolBrin" TEXT,
    "reportDate" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Melding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "youthId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "duoStatus" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "step" TEXT,
    "regime" TEXT,
    "gemeente" TEXT NOT NULL,
    "schoolBrin" TEXT,
    "consultantId" TEXT,
    "routes" TEXT[],
    "nextDeadline" TIMESTAMP(3),
    "closureReason" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vrijstelling" (
    "id" UUID NOT NULL,
    "youthId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT,
    "decisionDate" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "Vrijstelling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolRequest" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "schoolBrin" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "SchoolRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "recipientRole" TEXT NOT NULL,
    "recipientId" TEXT,
    "topic" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Correspondence" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Correspondence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignmentRule" (
    "id" UUID NOT NULL,
    "gemeente" TEXT,
    "schoolBrin" TEXT,
    "consultantId" TEXT NOT NULL,
    "teamLeadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegionPolicy" (
    "regionId" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "gemeenten" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegionPolicy_pkey" PRIMARY KEY ("regionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Youth_identifierKind_identifierValue_key" ON "Youth"("identifierKind", "identifierValue");

-- CreateIndex
CREATE INDEX "Melding_caseId_idx" ON "Melding"("caseId");

-- CreateIndex
CREATE INDEX "Melding_youthId_idx" ON "Melding"("youthId");

-- CreateIndex
CREATE INDEX "Case_phase_nextDeadline_idx" ON "Case"("phase", "nextDeadline");

-- CreateIndex
CREATE INDEX "Case_consultantId_nextDeadline_idx" ON "Case"("consultantId", "nextDeadline");

-- CreateIndex
CREATE INDEX "Case_gemeente_nextDeadline_idx" ON "Case"("gemeente", "nextDeadline");

-- CreateIndex
CREATE INDEX "Case_youthId_idx" ON "Case"("youthId");

-- CreateIndex
CREATE INDEX "Vrijstelling_youthId_idx" ON "Vrijstelling"("youthId");

-- CreateIndex
CREATE INDEX "SchoolRequest_caseId_idx" ON "SchoolRequest"("caseId");

-- CreateIndex
CREATE INDEX "Notification_recipientId_createdAt_idx" ON "Notification"("recipientId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_caseId_idx" ON "Notification"("caseId");

-- CreateIndex
CREATE INDEX "Correspondence_caseId_idx" ON "Correspondence"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentRule_gemeente_schoolBrin_key" ON "AssignmentRule"("gemeente", "schoolBrin");

-- AddForeignKey
ALTER TABLE "Melding" ADD CONSTRAINT "Melding_youthId_fkey" FOREIGN KEY ("youthId") REFERENCES "Youth"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_youthId_fkey" FOREIGN KEY ("youthId") REFERENCES "Youth"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vrijstelling" ADD CONSTRAINT "Vrijstelling_youthId_fkey" FOREIGN KEY ("youthId") REFERENCES "Youth"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

