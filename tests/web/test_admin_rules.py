"""Admin rule-set pages: loaded versions and candidates, the what-if diff (audited), activation only after a viewed
diff (and never over an existing version or into overlapping windows), and the background re-rating job."""
from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from wharf_credit.domain import load_ruleset
from wharf_credit.extensions import db as _db
from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.rules import rule_store
from wharf_credit.services.rerate import RerateReport
from wharf_credit.queue import broker, jobs, tasks

from ..conftest import RULES_DIR, database_app, make_app, queue_consumer
from ..factories import login, make_user
from ..services.test_rerate import T, random_registry


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_candidate(root: Path, version: str, effective_from: str = "2027-01-01", *edits: tuple[str, str, str]) -> Path:
    """A copy of rules/2026.1 as candidate `version` (folder named after it), effective from `effective_from`."""
    folder = root / version
    shutil.copytree(RULES_DIR / "2026.1", folder)
    edit(folder / "ruleset.yaml", 'version: "2026.1"', f'version: "{version}"')
    edit(folder / "ruleset.yaml", "effective_from: 2026-01-01", f"effective_from: {effective_from}")
    edit(folder / "ruleset.yaml", 'supersedes: "2025.1"', 'supersedes: "2026.1"')
    for file, old, new in edits:
        edit(folder / file, old, new)
    return folder


@pytest.fixture
def paths(tmp_path):
    """A writable copy of rules/ up to 2026.1, in which 2026.1 ends on 2027-01-01 (room for a 2027.1), and a
    candidates folder."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules, ignore=lambda folder, names: [n for n in names if n > "2026.1" and
                                                                    folder == str(RULES_DIR)])
    edit(rules / "2026.1" / "ruleset.yaml", "effective_to: null", "effective_to: 2027-01-01")
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    return SimpleNamespace(rules=rules, candidates=candidates)


@pytest.fixture
def app(tmp_path, database_server, paths):
    with database_app(database_server or f"sqlite:///{tmp_path / 'test.sqlite'}", UPLOAD_FOLDER=str(tmp_path / "up"),
                      RULES_DIR=str(paths.rules), RULES_CANDIDATES_DIR=str(paths.candidates)) as app:
        yield app


def text(response) -> str:
    return response.get_data(as_text=True)


def flashes(client, follow) -> str:
    assert follow.status_code == 303, follow.status_code
    return text(client.get(follow.headers["Location"]))


def audit_entries(session, action: str) -> list[AuditEntry]:
    return list(session.query(AuditEntry).filter_by(action=action).order_by(AuditEntry.id))


def test_the_list_shows_versions_candidates_and_a_broken_candidates_problems(app, admin_client, paths):
    make_candidate(paths.candidates, "2027.1")
    broken = make_candidate(paths.candidates, "2027.2")
    (broken / "ruleset.yaml").write_text("id: [", encoding="utf-8")
    page = text(admin_client.get("/admin/rules"))
    assert "<td>2025.1</td>" in page and "<td>2026.1</td>" in page and "Jan 1, 2027" in page
    assert "/admin/rules/candidates/2027.1/diff" in page
    assert "2027.2/ruleset.yaml:1:" in page and "Does not load" in page  # file:line:col, no crash
    assert "/admin/rules/candidates/2027.2/diff" not in page
    assert 'name="as_of"' in page and dt.date.today().isoformat() in page


def test_the_diff_page_shows_the_matrix_and_records_that_it_was_viewed(app, admin_client, session, ruleset, paths):
    random_registry(session, ruleset, 30)
    make_candidate(paths.candidates, "2027.1", "2027-01-01",
                   ("ruleset.yaml", "{code: AA, min_score: 90,", "{code: AA, min_score: 97,"))
    cand = load_ruleset(paths.candidates / "2027.1", check_examples=False)
    first = text(admin_client.get(f"/admin/rules/candidates/2027.1/diff?as_of={T.isoformat()}"))
    assert "This what-if has not been computed for the candidate as it is now." in first and "matrix" not in first
    assert audit_entries(session, "rules.diff_viewed") == []
    response = view_diff(admin_client, "2027.1", T.isoformat())
    assert response.status_code == 200
    page = text(response)
    assert 'class="matrix"' in page and page.count("<th scope=\"row\">") == 6  # five grades and the totals row
    assert "<td>30</td></tr>" in page  # grand total
    assert "wharves change grade" in page and "Score shift" in page and 'class="histogram"' in page
    assert "examples of 2026.1 fail under the candidate" in page and "bulk_level4_aa" in page
    assert "format=csv" in page and 'data-confirm="' in page and "/admin/rules/candidates/2027.1/activate" in page
    [entry] = audit_entries(session, "rules.diff_viewed")
    assert entry.object_id == cand.sha256 and entry.after["version"] == "2027.1"
    assert entry.after["sha256"] == cand.sha256 and entry.after["wharves"] == 30
    csv = admin_client.get(f"/admin/rules/candidates/2027.1/diff?as_of={T.isoformat()}&format=csv")
    assert csv.mimetype == "text/csv" and text(csv).lstrip("\ufeff").startswith("wharf_id,")
    assert session.query(RatingRow).count() == 0, "a what-if stores nothing"
    assert admin_client.get("/admin/rules/candidates/nope/diff").status_code == 404
    bad_day = admin_client.get("/admin/rules/candidates/2027.1/diff?as_of=tomorrow")
    assert bad_day.status_code == 303


def test_activation_needs_a_viewed_diff_of_the_exact_content(app, admin_client, session, paths):
    folder = make_candidate(paths.candidates, "2027.1")
    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2027.1/activate"))
    assert "open the what-if diff of this exact candidate first" in page
    assert not (paths.rules / "2027.1").exists() and rule_store().book.versions() == ["2025.1", "2026.1"]

    assert view_diff(admin_client, "2027.1").status_code == 200
    edit(folder / "measures.yaml", "    inspection_rate: 0.10", "    inspection_rate: 0.20")  # edited after the diff
    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2027.1/activate"))
    assert "open the what-if diff of this exact candidate first" in page
    assert not (paths.rules / "2027.1").exists() and audit_entries(session, "rules.activated") == []

    assert view_diff(admin_client, "2027.1").status_code == 200
    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2027.1/activate"))
    assert "Rule set 2027.1 is active" in page and "Jan 1, 2027 – open-ended" in page
    assert (paths.rules / "2027.1" / "ruleset.yaml").is_file()
    assert rule_store().book.versions() == ["2025.1", "2026.1", "2027.1"]
    assert rule_store().book.for_date(dt.date(2027, 3, 1)).version == "2027.1"
    [entry] = audit_entries(session, "rules.activated")
    sha = load_ruleset(folder, check_examples=False).sha256
    assert entry.object_id == sha and entry.after["version"] == "2027.1" and entry.after["sha256"] == sha
    assert not [p for p in paths.rules.iterdir() if p.name.startswith(".")], "no staging folder left behind"

    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2027.1/activate"))
    assert "version 2027.1 already exists" in page
    assert len(audit_entries(session, "rules.activated")) == 1


def test_another_worker_follows_an_activation_made_in_this_one(app, admin_client, session, paths, tmp_path):
    other = make_app(app.config["DATABASE_URL"], RULES_DIR=str(paths.rules), RULES_RECHECK_SECONDS=0)
    with other.app_context():
        assert rule_store().book.versions() == ["2025.1", "2026.1"]
    make_candidate(paths.candidates, "2027.1")
    assert view_diff(admin_client, "2027.1").status_code == 200
    assert "Rule set 2027.1 is active" in flashes(admin_client,
                                                  admin_client.post("/admin/rules/candidates/2027.1/activate"))
    with other.app_context():
        assert rule_store().book.versions() == ["2025.1", "2026.1", "2027.1"]


def test_an_overlapping_window_is_refused_the_copy_removed_and_the_old_book_kept(app, admin_client, session, paths):
    make_candidate(paths.candidates, "2026.2", "2026-06-01")  # inside 2026.1's [2026-01-01, 2027-01-01)
    before = rule_store().book
    assert view_diff(admin_client, "2026.2").status_code == 200
    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2026.2/activate"))
    assert "Not activated" in page and "overlaps version 2026.1" in page
    assert not (paths.rules / "2026.2").exists()
    assert not [p for p in paths.rules.iterdir() if p.name.startswith(".")]
    assert rule_store().book is before and rule_store().book.versions() == ["2025.1", "2026.1"]
    assert audit_entries(session, "rules.activated") == []
    assert admin_client.post("/admin/rules/candidates/nope/activate").status_code == 404


def test_a_candidate_broken_after_its_diff_is_refused_with_its_problems_and_nothing_copied(app, admin_client, session,
                                                                                         paths):
    candidate = make_candidate(paths.candidates, "2027.1")
    assert view_diff(admin_client, "2027.1").status_code == 200
    (candidate / "ruleset.yaml").write_text("id: [", encoding="utf-8")
    page = flashes(admin_client, admin_client.post("/admin/rules/candidates/2027.1/activate"))
    assert "Candidate 2027.1 does not load:<" in page and "2027.1/ruleset.yaml:1:" in page
    assert not (paths.rules / "2027.1").exists() and audit_entries(session, "rules.activated") == []


def view_diff(client, candidate: str, as_of: str = "") -> object:
    """Ask for the candidate's what-if (a background job; inline under the tests' queue), then open the diff page."""
    day = as_of or dt.date.today().isoformat()
    asked = client.post(f"/admin/rules/candidates/{candidate}/whatif", data={"as_of": day})
    assert asked.status_code == 303, asked.status_code
    shown = client.get(f"/admin/rules/candidates/{candidate}/diff" + (f"?as_of={as_of}" if as_of else ""))
    assert 'class="matrix"' in text(shown), "the diff page shows the computed what-if"
    return shown


def wait_for_job(client, url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = text(client.get(url + ""))
        if "data-poll-seconds" not in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"job {url} still running after {timeout}s")


def wait_for_progress(client, url: str, marker: str = '<progress max="2" value="1">', timeout: float = 10):
    """The running job's page once the job's thread has reported its first progress."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(url)
        if marker in text(response):
            return response
        time.sleep(0.05)
    raise AssertionError(f"job {url} never showed {marker}")


@pytest.fixture
def held_rerate(monkeypatch) -> threading.Event:
    """Re-rating jobs report 1 of 2 wharves done, then wait until the returned event is set (and report 2 done)."""
    release = threading.Event()

    def slow(engine, ruleset, as_of, actor, progress=None, **kw):
        progress(1, 2)
        assert release.wait(30)
        return RerateReport("b1", f"{ruleset.id} {ruleset.version}", as_of, 2, {"AA": 2})

    monkeypatch.setattr(tasks, "rerate_all", slow)
    yield release
    release.set()


def test_the_background_rerate_runs_to_done(app, admin_client, session, ruleset):
    random_registry(session, ruleset, 25)
    response = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})
    assert response.status_code == 303 and "/admin/rules/jobs/" in response.headers["Location"]
    page = wait_for_job(admin_client, response.headers["Location"])
    assert "Done: 25 wharves rated" in page and "<progress" in page
    assert session.query(RatingRow).count() == 25
    [entry] = audit_entries(session, "ratings.batch")
    assert entry.actor.startswith("admin") and entry.after["ratings"] == 25
    assert admin_client.get("/admin/rules/jobs/nope").status_code == 404
    assert admin_client.post("/admin/rules/rerate", data={}).status_code == 400  # no date: the form again


def test_another_worker_shows_the_running_job_and_refuses_a_second_one(app, admin_client, session, held_rerate,
                                                                       queue_worker):
    release = held_rerate
    other = make_app(app.config["DATABASE_URL"], QUEUE_URL=queue_worker, QUEUE_IMMEDIATE=False)
    other_client = other.test_client()
    other_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with other.app_context():
        assert login(other_client, make_user(_db.session, "admin", username="admin-two")).status_code == 302
    try:
        job_url = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()}).headers["Location"]
        wait_for_progress(other_client, job_url)
        refused = other_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})
        assert refused.headers["Location"].endswith("/admin/rules")
        assert "already queued or running" in text(other_client.get("/admin/rules"))
    finally:
        release.set()
    assert "Done: 2 wharves rated" in wait_for_job(other_client, job_url)


def test_a_second_job_is_refused_while_one_runs_and_a_failure_is_shown(app, admin_client, held_rerate, monkeypatch,
                                                                       queue_worker):
    release = held_rerate
    try:
        first = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})
        job_url = first.headers["Location"]
        running = wait_for_progress(admin_client, job_url)
        page = text(running)
        assert 'id="job-state" data-poll-seconds="2"' in page and '<progress max="2" value="1">' in page
        assert "http-equiv" not in page and "Refresh" not in running.headers, "no page reload: only the region"
        assert "<script" not in page.split("</header>")[1]
        second = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})
        assert second.status_code == 303 and second.headers["Location"].endswith("/admin/rules")
        assert "already queued or running" in text(admin_client.get("/admin/rules"))
    finally:
        release.set()
    assert "Done: 2 wharves rated" in wait_for_job(admin_client, job_url)

    def broken(*args, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "rerate_all", broken)
    third = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})
    assert third.headers["Location"] != job_url
    page = wait_for_job(admin_client, third.headers["Location"])
    assert "Failed: disk full" in page and "No rating was changed" in page


def test_a_queued_job_says_it_waits_for_the_worker_and_can_be_cancelled(app, admin_client, session, ruleset,
                                                                       tmp_path):
    random_registry(session, ruleset, 3)
    app.config.update(QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", QUEUE_IMMEDIATE=False)
    broker.configure(app)  # a queue nothing consumes
    job_url = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()}).headers["Location"]
    page = text(admin_client.get(job_url))
    assert "Queued: waiting for the task worker to start it." in page and 'data-poll-seconds="2"' in page
    assert "Cancel the job" in page
    assert "queued" in text(admin_client.get("/admin/rules"))
    job_id = job_url.rsplit("/", 1)[1]
    cancelled = admin_client.post(f"/admin/tasks/jobs/{job_id}/cancel")
    assert cancelled.status_code == 303 and cancelled.headers["Location"].endswith(job_url)
    page = text(admin_client.get(job_url))
    assert "The job was cancelled before it started." in page and "Cancelled. No rating was changed." in page
    assert "Cancel the job" not in page and "data-poll-seconds" not in page
    assert session.query(RatingRow).count() == 0
    assert admin_client.post("/admin/tasks/jobs/0123456789abcdef/cancel").status_code == 404


def test_a_job_left_running_by_a_killed_worker_shows_as_interrupted(app, admin_client):
    job = jobs.create("rerate", "admin", as_of=T.isoformat(), ruleset="2026.1")
    dead = {**job, "status": "running", "done": 5, "total": 10, "host": socket.gethostname(), "pid": dead_pid(),
            "heartbeat": time.time(), "running_since": time.time()}
    jobs._write(dead)
    page = text(admin_client.get(f"/admin/rules/jobs/{job['id']}"))
    assert "Interrupted: the worker process running this job stopped" in page and "data-poll-seconds" not in page
    started = admin_client.post("/admin/rules/rerate", data={"as_of": T.isoformat()})  # its lock blocks no one
    assert "/admin/rules/jobs/" in started.headers["Location"]
    assert "Done: 0 wharves rated" in wait_for_job(admin_client, started.headers["Location"])


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_what_if_runs_as_a_job_and_its_page_leads_to_the_diff(app, admin_client, session, ruleset, paths):
    random_registry(session, ruleset, 12)
    make_candidate(paths.candidates, "2027.1")
    asked = admin_client.post("/admin/rules/candidates/2027.1/whatif", data={"as_of": T.isoformat()})
    assert asked.status_code == 303 and "/admin/rules/whatif/" in asked.headers["Location"]
    page = text(admin_client.get(asked.headers["Location"]))  # the tests' queue ran it at once
    assert "Done: 12 wharves compared with 2026.1;" in page and "data-poll-seconds" not in page
    assert f'href="/admin/rules/candidates/2027.1/diff?as_of={T.isoformat()}">See the what-if</a>' in page
    assert "What-if of a candidate rule set" in text(admin_client.get("/admin/tasks"))
    assert admin_client.get("/admin/rules/whatif/0123456789abcdef").status_code == 404
    bad = admin_client.post("/admin/rules/candidates/2027.1/whatif", data={"as_of": "soon"})
    assert bad.status_code == 303 and "The as-of date must be a date" in text(admin_client.get("/admin/rules"))


def test_a_what_if_of_a_candidate_edited_since_is_not_shown(app, admin_client, session, paths):
    folder = make_candidate(paths.candidates, "2027.1")
    view_diff(admin_client, "2027.1", T.isoformat())
    edit(folder / "measures.yaml", "    inspection_rate: 0.10", "    inspection_rate: 0.20")
    page = text(admin_client.get(f"/admin/rules/candidates/2027.1/diff?as_of={T.isoformat()}"))
    assert "This what-if has not been computed for the candidate as it is now." in page and "matrix" not in page


def test_while_the_what_if_waits_its_diff_page_leads_to_the_job_and_a_changed_candidate_fails_it(
        app, admin_client, session, paths, tmp_path):
    folder = make_candidate(paths.candidates, "2027.1")
    app.config.update(QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", QUEUE_IMMEDIATE=False)
    broker.configure(app)  # a queue nothing consumes yet
    job_url = admin_client.post("/admin/rules/candidates/2027.1/whatif",
                                data={"as_of": T.isoformat()}).headers["Location"]
    waiting = admin_client.get(f"/admin/rules/candidates/2027.1/diff?as_of={T.isoformat()}")
    assert waiting.status_code == 303 and waiting.headers["Location"].endswith(job_url)
    assert "Queued: waiting for the task worker to start it." in text(admin_client.get(job_url))
    edit(folder / "measures.yaml", "    inspection_rate: 0.10", "    inspection_rate: 0.20")
    with queue_consumer(app, app.config["QUEUE_URL"]):
        page = wait_for_job(admin_client, job_url)
    assert "Failed: the candidate&#39;s files changed after the what-if was asked for: ask for it again" in page
