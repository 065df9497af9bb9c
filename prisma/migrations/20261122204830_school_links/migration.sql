-- AlterTable
ALTER TABLE "SchoolRequest" ADD COLUMN     "answer" JSONB,
ADD COLUMN     "linkExpiresAt" TIMESTAMP(3),
ADD COLUMN     "meldingId" TEXT,
ADD COLUMN     "recipient" TEXT;

-- CreateTable
CREATE TABLE "SchoolLink" (
    "tokenHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" TEXT,
    "caseId" TEXT,
    "schoolBrin" TEXT NOT NULL,
    "emailKey" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolLink_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "effectKey" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "requestId" TEXT,
    "kind" TEXT NOT NULL,
    "recipient" TEXT,
    "subject" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "smtpResponse" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SchoolLink_requestId_idx" ON "SchoolLink"("requestId");

-- CreateIndex
CREATE INDEX "SchoolLink_emailKey_idx" ON "SchoolLink"("emailKey");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_key_key" ON "EmailMessage"("key");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_messageId_key" ON "EmailMessage"("messageId");

-- CreateIndex
CREATE INDEX "EmailMessage_caseId_createdAt_idx" ON "EmailMessage"("caseId", "createdAt");

