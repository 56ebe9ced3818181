"""The task queue (huey): background jobs an admin starts and watches, run by a consumer process beside the web
server, with their state in the queue's own storage so every web worker sees it.

- `broker`: the one huey instance, pointed at SQLite (a file in instance/, the default) or Redis by QUEUE_URL.
- `jobs`: job records (queued, running with progress, done, failed, cancelled, interrupted), one job of a kind at a
  time, cancelling.
- `tasks`: the tasks the consumer runs.

The consumer loads the app and this queue from wharf_credit/worker.py (`huey_consumer wharf_credit.worker.huey`).
"""
