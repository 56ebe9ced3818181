#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (browser journeys included) and, at the same time, every database test
# again on a throwaway PostgreSQL cluster (tests/pg.py starts it). The two runs share nothing but the CPU; the
# PostgreSQL run's output is printed after the SQLite run's. Fails if either fails, and if either ran no test
# (pytest exits 5 then; a half whose tests were all skipped also counts as not run).
#   usage: scripts/test-all.sh PYTHON [PYTEST ARGS...]
set -uo pipefail
py=$1
shift
pglog=$(mktemp)
sqlitelog=$(mktemp)
# --durations: each half's slowest tests are listed at its end, to keep `make test` within its time budget.
# The two processes get about the same work: the second, after the PostgreSQL tests, also runs the slowest browser
# sweeps (every page of every role through axe and at phone width, on SQLite as always), which the first leaves out;
# otherwise one core sat idle for the last third of the run.
BROWSER_SWEEPS=(tests/e2e/test_accessibility.py tests/e2e/test_phone_layout.py)
{
  WHARF_CREDIT_TEST_DB=postgresql "$py" -m pytest --durations=15 "$@" -m "not e2e" tests/services tests/web tests/cli \
    tests/api tests/queue
  pg_status=$?
  echo "----- the browser sweeps (SQLite) -----"
  "$py" -m pytest --durations=5 "$@" "${BROWSER_SWEEPS[@]}"
  sweeps_status=$?
  exit $((pg_status != 0 ? pg_status : sweeps_status))
} >"$pglog" 2>&1 &
pg=$!
"$py" -m pytest --durations=15 "$@" "${BROWSER_SWEEPS[@]/#/--ignore=}" 2>&1 | tee "$sqlitelog"
sqlite=${PIPESTATUS[0]}
wait "$pg"
postgres=$?
echo "----- the database tests again, on PostgreSQL (then the browser sweeps) -----"
cat "$pglog"

# The summary line: "===== 557 passed, 1 warning in 307.50s =====" (or without the rule under -q).
ran() { grep -Eq '(^|[ =])[1-9][0-9]* passed' "$1"; }
status=$((sqlite != 0 ? sqlite : postgres))
for half in sqlite postgres; do
  log=$sqlitelog; [ "$half" = postgres ] && log=$pglog
  if ! ran "$log"; then
    echo "test-all: the $half half ran no passing test" >&2
    [ "$status" -eq 0 ] && status=1
  fi
done
rm -f "$pglog" "$sqlitelog"
exit "$status"
