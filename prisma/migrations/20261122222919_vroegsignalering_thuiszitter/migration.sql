-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "thuiszitter" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "thuiszitterSince" TEXT,
ADD COLUMN     "thuiszitterUntil" TEXT;

-- CreateTable
CREATE TABLE "EarlySignal" (
    "id" TEXT NOT NULL,
    "youthId" UUID NOT NULL,
    "gemeente" TEXT NOT NULL,
    "schoolBrin" TEXT,
    "concern" TEXT NOT NULL,
    "reporterRole" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "step" TEXT,
    "consultantId" TEXT,
    "nextDeadline" TIMESTAMP(3),
    "outcome" TEXT,
    "caseId" TEXT,
    "closedAt" TIMESTAMP(3),
    "state" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EarlySignal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EarlySignal_youthId_status_idx" ON "EarlySignal"("youthId", "status");

-- CreateIndex
CREATE INDEX "EarlySignal_status_nextDeadline_idx" ON "EarlySignal"("status", "nextDeadline");

-- CreateIndex
CREATE INDEX "EarlySignal_gemeente_receivedAt_idx" ON "EarlySignal"("gemeente", "receivedAt");

-- CreateIndex
CREATE INDEX "Case_thuiszitter_gemeente_idx" ON "Case"("thuiszitter", "gemeente");

-- AddForeignKey
ALTER TABLE "EarlySignal" ADD CONSTRAINT "EarlySignal_youthId_fkey" FOREIGN KEY ("youthId") REFERENCES "Youth"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

