#!/usr/bin/env bash
# Runs scripts/deploy-check (Go: the Compose specification's loader compose-go and the Kubernetes
# API types in strict mode); builds it once per version into the cache (a minute or two the
# first time, then instant).
#   bash scripts/deploy-check.sh compose [-f file] [NAME=value ...]
#   bash scripts/deploy-check.sh kubernetes FILE...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/deploy-check"
sum="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
bin="${VERZUIMREGIE_CACHE:-$HOME/.cache/verzuimregie}/deploy-check-$sum"
if [[ ! -x "$bin" ]]; then
  command -v go >/dev/null || { echo "[deploy-check] Go is needed to build the deployment checker" >&2; exit 1; }
  echo "[deploy-check] building the deployment checker (compose-go, k8s.io/api; once)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && GOFLAGS=-mod=readonly go build -trimpath -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
fi
exec "$bin" "$@"
