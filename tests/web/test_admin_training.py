"""Admin: training a calibrator from /admin/calibrators as a background job — the form explains itself and refuses
bad values, the job page follows the stages, the stored calibrator is not active, a failed one is started again."""
from __future__ import annotations

import pytest

from wharf_credit.calibration import registry
from wharf_credit.queue import jobs

from ..conftest import database_app
from .test_admin_rules import text


@pytest.fixture
def app(tmp_path, database_server):
    with database_app(database_server or f"sqlite:///{tmp_path / 'test.sqlite'}",
                      CALIBRATOR_DIR=str(tmp_path / "calibrators")) as app:
        yield app


def test_a_calibrator_trained_from_the_page_is_stored_and_not_active(app, admin_client, tmp_path):
    page = text(admin_client.get("/admin/calibrators"))
    assert "Train a new calibrator" in page and "Train in the background" in page
    assert "Optional. Ratings from this date on" in page
    started = admin_client.post("/admin/calibrators/train", data={"simulated": "2000", "owner": "Bureau IT"})
    assert started.status_code == 303 and "/admin/calibrators/jobs/" in started.headers["Location"]
    done = text(admin_client.get(started.headers["Location"]))  # the test queue runs it at once
    job = jobs.current("calibrator")
    ident = job["report"]["id"]
    assert f"Done: calibrator {ident} is stored (not active)." in done and job["owner"] == "Bureau IT"
    assert "data-poll-seconds" not in done and f'href="/admin/calibrators#cal-{ident}"' in done
    assert registry.read_active(tmp_path / "calibrators") is None
    assert f'id="cal-{ident}"' in text(admin_client.get("/admin/calibrators"))


def test_bad_training_settings_are_refused_at_their_fields(app, admin_client):
    refused = admin_client.post("/admin/calibrators/train", data={"simulated": "5", "since": "2026-02-30"})
    page = text(refused)
    assert refused.status_code == 400 and "Number must be between 100 and 200000." in page
    assert "2026-02-30" in page and jobs.current("calibrator") is None


def test_a_training_refused_for_lack_of_history_fails_with_its_reason_and_can_be_started_again(app, admin_client):
    started = admin_client.post("/admin/calibrators/train", data={})
    page = text(admin_client.get(started.headers["Location"]))
    assert "Failed: not enough labelled history to train a calibrator. Nothing was stored." in page
    failed = jobs.current("calibrator")
    tasks_page = text(admin_client.get("/admin/tasks"))
    assert "Training of a calibrator" in tasks_page and failed["ident"] in tasks_page
    again = admin_client.post(f"/admin/tasks/jobs/{failed['id']}/retry")
    assert again.status_code == 303 and "/admin/calibrators/jobs/" in again.headers["Location"]
    assert jobs.current("calibrator")["id"] != failed["id"]
    assert admin_client.get("/admin/calibrators/jobs/0123456789abcdef").status_code == 404


def test_a_queued_training_can_be_cancelled_from_its_page(app, admin_client, tmp_path):
    from wharf_credit.queue import broker

    app.config.update(QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", QUEUE_IMMEDIATE=False)
    broker.configure(app)  # nothing consumes it: the job waits
    job_url = admin_client.post("/admin/calibrators/train", data={"simulated": "2000"}).headers["Location"]
    page = text(admin_client.get(job_url))
    assert "Queued: waiting for the task worker to start it." in page and "Cancel the job" in page
    job_id = job_url.rsplit("/", 1)[1]
    cancelled = admin_client.post(f"/admin/tasks/jobs/{job_id}/cancel")
    assert cancelled.status_code == 303 and cancelled.headers["Location"].endswith(job_url)
    assert "Cancelled. Nothing was stored." in text(admin_client.get(job_url))
