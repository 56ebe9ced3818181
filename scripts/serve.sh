#!/usr/bin/env bash
# The last step of `make run`: the task worker (huey consumer: background jobs, periodic duties) and the development
# web server, started together and stopped together (Ctrl-C stops both; so does either one ending).
# Production runs them as two services instead: docs/operations.md.
set -uo pipefail
VENV=${VENV:-.venv}
HOST=${1:-127.0.0.1}
PORT=${2:-5000}

# Both run in the background of this script, where SIGINT is ignored: they are stopped with SIGTERM.
"$VENV/bin/huey_consumer" wharf_credit.worker.huey --workers 2 --worker-type thread --max-delay 1 &
consumer=$!
"$VENV/bin/flask" --app wsgi run --host "$HOST" --port "$PORT" &
web=$!
stop_both() {
  trap - INT TERM EXIT
  kill -TERM "$web" "$consumer" 2>/dev/null
  wait "$web" "$consumer" 2>/dev/null
  exit 0
}
trap stop_both INT TERM EXIT
wait -n "$consumer" "$web"  # whichever ends first ends both
