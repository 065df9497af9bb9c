#!/bin/sh
# One-shot job on temporalio/admin-tools: creates the Temporal databases on first start and
# upgrades their schemas to the server image's version on every start (an upgrade of the server
# image is: pull, run this job, start the server). Safe to run again: `create` of an existing
# database is reported and ignored, `setup-schema -v 0.0` leaves a versioned schema alone and
# `update-schema` applies only the versions above the current one.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_ROOT="${TEMPORAL_SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$DB_PORT" "$@"; }

until nc -z "$POSTGRES_SEEDS" "$DB_PORT"; do echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"; sleep 2; done

for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  dir="$SCHEMA_ROOT/${pair#*:}/versioned"
  sql --db "$db" create || echo "database $db exists"
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "$dir"
  echo "schema of $db is current ($dir)"
done
