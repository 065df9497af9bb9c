#!/bin/sh
# One-shot job on temporalio/admin-tools, after the server is up: registers the namespace and the
# case workflows' search attributes (workflows/search-attributes.ts; test/unit/deployment-files.test.ts
# checks that this list matches the code). Both steps are idempotent.
#
# Retention: the application destroys each case at its legal term (the daily retention workflow,
# README "Privacy and retention"); the namespace's own retention of closed workflows is only the
# outer bound, long enough for the audit to read any closed case's history until then.
set -eu
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-7300d}"

attempt=1
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  [ "$attempt" -ge 60 ] && { echo "Temporal at $ADDRESS not healthy after $attempt attempts" >&2; exit 1; }
  echo "waiting for Temporal at $ADDRESS ($attempt/60)"
  attempt=$((attempt + 1)); sleep 5
done

temporal operator namespace describe --address "$ADDRESS" -n "$NAMESPACE" >/dev/null 2>&1 \
  || temporal operator namespace create --address "$ADDRESS" -n "$NAMESPACE" --retention "$RETENTION"

attempt=1
until temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
  --name CaseStatus --type Keyword \
  --name CasePhase --type Keyword \
  --name Gemeente --type Keyword \
  --name ConsultantId --type Keyword \
  --name SchoolBrin --type Keyword \
  --name CaseRoutes --type KeywordList \
  --name NextDeadline --type Datetime
do
  # A fresh namespace takes a moment to reach every service of the server.
  [ "$attempt" -ge 30 ] && { echo "search attributes not registered after $attempt attempts" >&2; exit 1; }
  attempt=$((attempt + 1)); sleep 5
done
echo "namespace $NAMESPACE and its search attributes are ready"
