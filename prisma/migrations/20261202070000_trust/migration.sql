-- Issue 18: the source of a melding (idempotent retries), the youth register's change log, and
-- shared rate-limit counters (issue 16).
ALTER TABLE "Melding" ADD COLUMN "source" TEXT;
ALTER TABLE "Vrijstelling" ADD COLUMN "gemeente" TEXT;

CREATE TABLE "YouthIdentityChange" (
    "id" UUID NOT NULL,
    "youthId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YouthIdentityChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "YouthIdentityChange_youthId_at_idx" ON "YouthIdentityChange"("youthId", "at");

CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "RateLimitCounter_resetAt_idx" ON "RateLimitCounter"("resetAt");
