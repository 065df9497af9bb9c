#!/usr/bin/env bash
# Temporal's Java time-skipping test server, resolved from Maven Central by the pom beside
# this script and cached outside the repository.
#   scripts/test-server.sh --resolve   resolve (once) and print the classpath directory
#   scripts/test-server.sh <port> ...  run the server (what TestWorkflowEnvironment starts)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$here/test-server/pom.xml")"
lib="${VERZUIMREGIE_CACHE:-$HOME/.cache/verzuimregie}/test-server-$version/lib"
# Class data sharing for the server's own classes (AppCDS), per Java build: each of the workflow
# test files starts a server, and a start with the archive takes 0.3 CPU-s instead of 0.8.
# (Named after the Java build's release file, read without starting a JVM; a JVM that finds an
# archive of another build ignores it.)
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
archive="$lib/../classes-$(cksum <"$java_home/release" 2>/dev/null | cut -d' ' -f1).jsa"
jvm_flags=(-Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx512m)

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

# The JVM writes the archive of the classes it loaded when it exits normally: start a server once,
# wait until it serves, and stop it with SIGTERM. Without an archive the server still runs.
make_archive() {
  local port pid
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  java -XX:ArchiveClassesAtExit="$archive.tmp-$$" "${jvm_flags[@]}" -cp "$lib/*" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -f "$archive.tmp-$$" ]]; then mv "$archive.tmp-$$" "$archive"; else echo "[test-server] no class data archive made; the server starts without it" >&2; fi
}

if [[ "${1:-}" == "--resolve" ]]; then
  resolve
  [[ -f "$archive" ]] || make_archive
  echo "$lib"
  exit 0
fi
resolve
# The SDK gives the server about 5 s to accept connections: a small heap, the C1 compiler only
# and class data sharing keep a cold JVM start well under that.
shared=()
[[ -f "$archive" ]] && shared=(-XX:SharedArchiveFile="$archive")
exec java "${shared[@]}" "${jvm_flags[@]}" -cp "$lib/*" io.temporal.testserver.TestServer "$@"
