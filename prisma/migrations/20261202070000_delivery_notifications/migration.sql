-- AlterTable
ALTER TABLE "Melding" ADD COLUMN     "submittedBy" JSONB;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "gemeente" TEXT;

-- CreateIndex
CREATE INDEX "Melding_deliveredAt_receivedAt_idx" ON "Melding"("deliveredAt", "receivedAt");

-- CreateIndex
CREATE INDEX "Notification_gemeente_createdAt_idx" ON "Notification"("gemeente", "createdAt");
