#!/usr/bin/env bash
# Resolves the Temporal CLI (dev server) and prints its path on stdout.
# Order: $TEMPORAL_CLI, a `temporal` on PATH, a cached build, else a build from the
# official Go module with the local Go toolchain (this machine reaches only package
# registries, so the SDK's own download is the last resort, for machines with internet).
set -euo pipefail

VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE_DIR="${VERZUIMREGIE_CACHE:-$HOME/.cache/verzuimregie}/temporal-cli-$VERSION"
BIN="$CACHE_DIR/temporal"

log() { echo "[temporal-cli] $*" >&2; }

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { log "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable"; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  log "no Temporal CLI found and no Go toolchain to build one."
  log "Install the Temporal CLI (https://docs.temporal.io/cli) or set TEMPORAL_CLI."
  exit 1
fi

# From v1.6.0 the CLI's go.mod replaces its nested module cliext with a local path that the
# module zip on the proxy does not contain, so neither `go install module@version` nor a build of
# the downloaded source works for those versions. v1.5.1 is the newest that installs cleanly.
log "building Temporal CLI $VERSION with $(go version | cut -d' ' -f3); the first build takes several minutes"
mkdir -p "$CACHE_DIR"
gobin="$(mktemp -d)"
trap 'rm -rf "$gobin"' EXIT
log "downloading modules and compiling (progress below)..."
GOBIN="$gobin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" \
  "github.com/temporalio/cli/cmd/temporal@$VERSION" 2>&1 \
  | awk '/^go: downloading/ { n++; if (n % 25 == 0) printf "[temporal-cli] %d modules downloaded\n", n > "/dev/stderr"; next } { print > "/dev/stderr" }'
[[ -x "$gobin/temporal" ]] || { log "build failed"; exit 1; }
cp "$gobin/temporal" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
log "built $BIN"
echo "$BIN"
