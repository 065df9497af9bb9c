#!/usr/bin/env bash
# Runs the Prisma CLI without its native engines: these machines cannot download them, and the
# project uses the Rust-free client and the JavaScript schema engine (see README).
set -euo pipefail
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-/dev/null}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec "$(dirname "$0")/../node_modules/.bin/prisma" "$@"
