"""`flask rate --all --queue` and `flask jobs list|show|cancel`: the background jobs from the command line, the same
records the admin pages show; mistakes are one line on stderr with exit 1."""
from __future__ import annotations

import pytest

from wharf_credit.models import RatingRow
from wharf_credit.queue import broker

from ..services.test_rerate import T, random_registry
from .test_measures_cli import invoke


@pytest.fixture
def idle_queue(app, tmp_path):
    """A real queue that nothing consumes: jobs stay queued."""
    app.config.update(QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", QUEUE_IMMEDIATE=False)
    broker.configure(app)


def job_id_of(output: str) -> str:
    assert output.startswith("job "), output
    return output.split()[1]


def test_a_queued_rerate_is_listed_shown_and_cancelled(runner, session, ruleset, idle_queue):
    random_registry(session, ruleset, 3)
    queued = invoke(runner, "rate", "--all", "--as-of", T.isoformat(), "--queue")
    assert queued.exit_code == 0, queued.stderr
    job_id = job_id_of(queued.stdout)
    assert f"job {job_id} queued: re-rating every wharf as of {T} with {ruleset.version}" in queued.stdout
    again = invoke(runner, "rate", "--all", "--as-of", T.isoformat(), "--queue")
    assert again.exit_code == 1 and "already queued or running" in again.stderr
    listed = invoke(runner, "jobs", "list")
    assert listed.stdout.startswith(f"{job_id}  rerate   queued") and f"as of {T}  by cli" in listed.stdout
    assert invoke(runner, "jobs", "show", job_id).stdout.startswith(f"{job_id}  rerate   queued      0/0")
    assert invoke(runner, "jobs", "cancel", job_id).stdout == f"job {job_id} cancelled\n"
    ended = invoke(runner, "jobs", "cancel", job_id)
    assert ended.exit_code == 1 and "has already ended (cancelled)" in ended.stderr
    assert session.query(RatingRow).count() == 0


def test_a_job_run_to_done_shows_its_batch(runner, session, ruleset):
    random_registry(session, ruleset, 4)
    done = invoke(runner, "rate", "--all", "--as-of", T.isoformat(), "--queue")  # inline: QUEUE_IMMEDIATE
    job_id = job_id_of(done.stdout)
    assert f"job {job_id} done" in done.stdout
    shown = invoke(runner, "jobs", "show", job_id).stdout.splitlines()
    assert shown[0].startswith(f"{job_id}  rerate   done        4/4")
    assert shown[1].startswith("batch ") and f"4 wharves rated with {ruleset.id} {ruleset.version}:" in shown[1]
    assert session.query(RatingRow).count() == 4


def test_unknown_jobs_and_an_empty_list_are_said_plainly(runner):
    assert invoke(runner, "jobs", "list").stdout == "no jobs\n"
    for command in ("show", "cancel"):
        result = invoke(runner, "jobs", command, "0123456789abcdef")
        assert result.exit_code == 1 and result.stderr == "error: no job '0123456789abcdef'\n"
