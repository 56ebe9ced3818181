#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (browser journeys included) and, at the same time, every database test
# again on a throwaway PostgreSQL cluster (tests/pg.py starts it). The two runs share nothing but the CPU; the
# PostgreSQL run's output is printed after the SQLite run's. Fails if either fails.
#   usage: scripts/test-all.sh PYTHON [PYTEST ARGS...]
set -uo pipefail
py=$1
shift
log=$(mktemp)
WHARF_CREDIT_TEST_DB=postgresql "$py" -m pytest "$@" -m "not e2e" tests/services tests/web tests/cli tests/api \
  >"$log" 2>&1 &
pg=$!
"$py" -m pytest "$@"
sqlite=$?
wait "$pg"
postgres=$?
echo "----- the database tests again, on PostgreSQL -----"
cat "$log"
rm -f "$log"
exit $((sqlite != 0 ? sqlite : postgres))
