-- A melding's receipt (Geregistreerd) is a DUO feedback record of its own, and can share its case
-- version with the status the melding moved on to (issue 12): unique per case, version and status.
DROP INDEX "DuoFeedback_caseId_version_key";

CREATE UNIQUE INDEX "DuoFeedback_caseId_version_status_key" ON "DuoFeedback"("caseId", "version", "status");
