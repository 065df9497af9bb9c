#!/usr/bin/env bash
# Temporal's Java time-skipping test server, resolved from Maven Central by the pom beside
# this script and cached outside the repository.
#   scripts/test-server.sh --resolve   resolve (once) and print the classpath directory
#   scripts/test-server.sh <port> ...  run the server (what TestWorkflowEnvironment starts)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$here/test-server/pom.xml")"
lib="${VERZUIMREGIE_CACHE:-$HOME/.cache/verzuimregie}/test-server-$version/lib"

resolve() {
  if [[ ! -f "$lib/temporal-test-server-$version.jar" ]]; then
    command -v mvn >/dev/null || { echo "[test-server] Maven (mvn) is needed to resolve the Temporal test server" >&2; exit 1; }
    command -v java >/dev/null || { echo "[test-server] Java 17+ is needed to run the Temporal test server" >&2; exit 1; }
    echo "[test-server] resolving io.temporal:temporal-test-server:$version from Maven Central..." >&2
    mkdir -p "$lib.tmp"
    mvn -q -B -f "$here/test-server/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$lib.tmp" -DincludeScope=runtime >&2
    rm -rf "$lib" && mv "$lib.tmp" "$lib"
  fi
}

if [[ "${1:-}" == "--resolve" ]]; then resolve; echo "$lib"; exit 0; fi
resolve
# The SDK gives the server about 5 s to accept connections: a small heap, the C1 compiler only
# and class data sharing keep a cold JVM start well under that.
exec java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx512m \
  -cp "$lib/*" io.temporal.testserver.TestServer "$@"
