#!/usr/bin/env bash
# Run every check: lint, then the whole test suite (real spaCy, real Neo4j, real Chromium).
# Called by `make test` (the README's test command) and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BIN="$VENV/bin"

# Headless Chromium for the browser tests: Debian's package (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: chromium is not installed; browser tests will be skipped (they fail under CI=true)"
  fi
fi

# Java 17 + Maven build the Neo4j test server launcher (artifacts from Maven Central).
if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  "$BIN/python" -c "from tests.neo4j_server import build_launcher; build_launcher()"
else
  echo "note: java/mvn not found; Neo4j tests will be skipped (they fail under CI=true)"
fi

"$BIN/ruff" check graphkit tests benchmarks
"$BIN/ruff" format --check graphkit tests benchmarks

set +e
"$BIN/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
