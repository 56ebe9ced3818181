"""Real-browser journeys of the admin (issues 6 and 7): activate a learned calibrator through its confirmation
dialog, re-rate the whole registry as a background job, and open a re-rated wharf's rating.

They write (an activation, a registry-wide batch), so they run against a server of their own, not the shared one."""
from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from wharf_credit.extensions import db
from wharf_credit.models import RatingRow

from ..factories import install_calibrator
from ..conftest import make_app, queue_consumer
from .conftest import PASSWORD

pytestmark = pytest.mark.e2e

WHARVES = 12


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    from wharf_credit.rules import rule_store
    from wharf_credit.services.demo import seed
    from wharf_credit.services.ratings import reset_calibrator_state

    tmp = tmp_path_factory.mktemp("e2e-admin")
    reset_calibrator_state()
    app = make_app(f"sqlite:///{tmp / 'admin.sqlite'}", UPLOAD_FOLDER=str(tmp / "uploads"),
                   CALIBRATOR_DIR=str(tmp / "calibrators"))
    with app.app_context():
        db.create_all()
        book = rule_store().book
        seed(db.session, book, wharves=WHARVES, password=PASSWORD)
        install_calibrator(Path(app.config["CALIBRATOR_DIR"]), book.for_date(dt.date.today()), activate=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-admin-server", daemon=True)
    thread.start()
    try:
        with queue_consumer(app, f"sqlite:///{tmp / 'queue.sqlite3'}"):  # jobs run as in production: queued
            yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()
        reset_calibrator_state()


def sign_in_as_admin(page: Page, url: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    expect(page.locator(".user-nav")).to_contain_text("系统管理员")


def test_an_admin_activates_a_calibrator_after_confirming_and_re_rates_every_wharf_with_it(page: Page,
                                                                                          admin_server):
    app, url = admin_server
    sign_in_as_admin(page, url)

    page.goto(f"{url}/admin/calibrators")
    card = page.locator("#cal-cal-test")
    expect(card.locator("svg").first).to_be_visible()  # the reliability diagram
    expect(page.locator("p.empty").first).to_contain_text("规则")  # none active: rules only
    page.once("dialog", lambda dialog: dialog.dismiss())  # changing one's mind changes nothing
    card.get_by_role("button", name="启用").click()
    expect(page).to_have_url(re.compile(r"/admin/calibrators$"))
    expect(card.get_by_role("button", name="启用")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="启用").click()
    expect(page.locator("p.flash.info[role=status]")).to_contain_text("cal-test")
    expect(page.get_by_role("button", name="停用")).to_be_visible()

    page.goto(f"{url}/admin/rules?lang=en")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Re-rate all wharves").click()
    expect(page.locator("h1")).to_have_text("Re-rating job")
    expect(page.locator(".job-status.done")).to_contain_text(f"{WHARVES} wharves rated", timeout=30_000)
    expect(page.locator(".job-calibrator")).to_have_text(re.compile(r"Learned calibrator applied: cal-test"))

    with app.app_context():
        batch = db.session.execute(select(RatingRow).where(RatingRow.batch_id.is_not(None))).scalars().all()
        assert len(batch) == WHARVES and all(r.calibrator and r.calibrator["id"] == "cal-test" for r in batch)
        shown = next(r for r in batch if r.grade != "AA")
        reason = shown.calibrator["reason"]
    page.goto(f"{url}/ratings/{shown.id}?lang=en")
    expect(page.locator(".calibrator-reason")).to_have_text(reason["en"])
    expect(page.locator("details.trace")).not_to_contain_text("No trace is stored")
    page.goto(f"{url}/ratings/{shown.id}?lang=zh_CN")
    expect(page.locator(".calibrator-reason")).to_have_text(reason["zh_CN"])


def test_a_running_jobs_progress_updates_in_place_without_reloading_the_page(page: Page, admin_server, monkeypatch):
    from wharf_credit.queue import tasks
    from wharf_credit.services.rerate import RerateReport

    app, url = admin_server
    halfway, finish = threading.Event(), threading.Event()

    def held(engine, ruleset, as_of, actor, progress=None, **kw):
        progress(1, 2)
        halfway.wait(30)
        progress(2, 2)
        assert finish.wait(30)
        return RerateReport("b-held", f"{ruleset.id} {ruleset.version}", as_of, 2, {"AA": 2})

    monkeypatch.setattr(tasks, "rerate_all", held)
    try:
        sign_in_as_admin(page, url)
        page.goto(f"{url}/admin/rules?lang=en")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Re-rate all wharves").click()
        expect(page.locator(".job-status.running")).to_contain_text("1 of 2")
        page.evaluate("window.notReloaded = true")
        expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
        expect(page.locator(".no-js-only")).to_be_hidden()  # the refresh link is for pages without JavaScript
        halfway.set()
        expect(page.locator(".job-status.running")).to_contain_text("2 of 2", timeout=10_000)
        finish.set()
        expect(page.locator(".job-status.done")).to_contain_text("2 wharves rated", timeout=10_000)
        assert page.evaluate("window.notReloaded === true"), "the region was swapped, the page not reloaded"
    finally:
        halfway.set()
        finish.set()
