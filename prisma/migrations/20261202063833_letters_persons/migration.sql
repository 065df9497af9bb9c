-- CreateTable
CREATE TABLE "CasePerson" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "bsn" TEXT,
    "source" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstNames" TEXT,
    "lastName" TEXT NOT NULL,
    "salutation" TEXT,
    "dateOfBirth" TEXT,
    "addressLines" TEXT[],
    "addressSource" TEXT NOT NULL,
    "addressNote" TEXT,
    "email" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CasePerson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CasePersonChange" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CasePersonChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseDocument" (
    "id" UUID NOT NULL,
    "caseId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "effectKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipientKind" TEXT NOT NULL,
    "personId" UUID,
    "recipientName" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "contentHash" TEXT NOT NULL,
    "pages" INTEGER NOT NULL,
    "missing" TEXT[],
    "templateVersion" INTEGER NOT NULL,
    "details" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'concept',
    "sentAt" TIMESTAMP(3),
    "sentBy" TEXT,
    "sentChannel" TEXT,
    "sentTo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LetterTemplate" (
    "regionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "paragraphs" TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LetterTemplate_pkey" PRIMARY KEY ("regionId","kind")
);

-- CreateTable
CREATE TABLE "LetterSettings" (
    "regionId" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LetterSettings_pkey" PRIMARY KEY ("regionId")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "function" TEXT NOT NULL DEFAULT 'leerplichtambtenaar',
    "phone" TEXT,
    "email" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CasePerson_caseId_idx" ON "CasePerson"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "CasePerson_caseId_role_bsn_key" ON "CasePerson"("caseId", "role", "bsn");

-- CreateIndex
CREATE INDEX "CasePersonChange_caseId_at_idx" ON "CasePersonChange"("caseId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "CaseDocument_key_key" ON "CaseDocument"("key");

-- CreateIndex
CREATE INDEX "CaseDocument_caseId_createdAt_idx" ON "CaseDocument"("caseId", "createdAt");

