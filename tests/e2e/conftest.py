"""Real-browser journeys (Playwright + Debian's chromium): a session-wide live server on a seeded SQLite database.

System Chromium is used (no `playwright install`): scripts/system-deps.sh installs it. Without it these tests skip,
or fail when CI or WHARF_CREDIT_REQUIRE_BROWSER=1 is set. Each journey's end state is saved as a screenshot in
instance/screenshots/<test-name>.png."""
from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from wharf_credit.extensions import db
from wharf_credit.models import Company, RatingRow, User, Wharf
from wharf_credit.services.published import PUBLIC_STATUSES

from ..conftest import ROOT, make_app

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-demo-pass"
DEMO_WHARVES = 30
SCREENSHOTS = ROOT / "instance" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium")


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    """Skip (a hand-run pytest) or fail (`make test`, CI: WHARF_CREDIT_REQUIRE_BROWSER=1) before anything starts
    when chromium is absent."""
    if chromium_path() is None:
        message = ("chromium not found on PATH: the browser tests in tests/e2e need Debian's chromium package "
                   "(run `bash scripts/system-deps.sh`)")
        if os.environ.get("CI") or os.environ.get("WHARF_CREDIT_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@dataclass
class LiveData:
    """What the journeys need to know about the seeded demo (ids and expected texts)."""
    url: str
    password: str = PASSWORD
    company_name: str = ""            # the signed-in company user's company
    own_wharf: dict = field(default_factory=dict)      # a wharf of that company with reasons and fixes
    other_wharf_id: int = 0           # a wharf of another company
    public_company: str = ""          # a company searched on the public list
    public_rows: dict = field(default_factory=dict)    # its wharves' names -> latest published grade
    unpublished_wharf: str = ""       # one of its wharves whose ratings are all provisional
    registry_wharf: dict = field(default_factory=dict)  # a wharf the inspector searches for
    bulk_wharves: list = field(default_factory=list)    # bulk wharves no other journey reads, one per assessing journey
    event_wharf: dict = field(default_factory=dict)     # a wharf no other journey reads, for recording an event
    permit: dict = field(default_factory=dict)          # permit desk: an AA and a D company, a wharf to penalise
    objection_wharf: dict = field(default_factory=dict)  # the company's wharf with a published rating to object to
    correction: dict = field(default_factory=dict)       # an open objection (another wharf of it) to correct


def _prepare(app) -> dict:
    """Seed the demo, then pick (and, for the public list, arrange) the rows the journeys use."""
    from wharf_credit.rules import rule_store
    from wharf_credit.services.demo import seed

    with app.app_context():
        db.create_all()
        seed(db.session, rule_store().book, wharves=DEMO_WHARVES, password=PASSWORD)
        session = db.session
        company_user = session.execute(select(User).where(User.role == "company")).scalar_one()
        mine = session.get(Company, company_user.company_id)

        def latest(wharf_id, statuses=None):
            stmt = select(RatingRow).where(RatingRow.wharf_id == wharf_id)
            if statuses:
                stmt = stmt.where(RatingRow.status.in_(statuses))
            return session.execute(stmt.order_by(RatingRow.as_of.desc(), RatingRow.id.desc())).scalars().first()

        own = None
        for wharf in session.execute(select(Wharf).where(Wharf.company_id == mine.id).order_by(Wharf.id)).scalars():
            rating = latest(wharf.id)
            texts = (rating.result or {}).get("zh_CN", {}) if rating else {}
            if rating and texts.get("reasons") and (texts.get("next_grade") or {}).get("fixes"):
                own = {"id": wharf.id, "name": wharf.name, "grade": rating.grade, "rating_id": rating.id,
                       "fix": texts["next_grade"]["fixes"][0]["text"], "reason": texts["reasons"][0]["text"]}
                break
        assert own is not None, "the demo seed has no wharf with reasons and fixes for the company user"
        other = session.execute(select(Wharf).where(Wharf.company_id != mine.id).order_by(Wharf.id)).scalars().first()

        # The public list: a company with several wharves, one of which never had a rating published.
        public = session.execute(select(Company).where(Company.id != mine.id).order_by(Company.id)).scalars().first()
        wharves = session.execute(select(Wharf).where(Wharf.company_id == public.id).order_by(Wharf.id)).scalars().all()
        assert len(wharves) >= 2, "the demo seed gives each company several wharves"
        hidden = wharves[-1]
        for rating in session.execute(select(RatingRow).where(RatingRow.wharf_id == hidden.id)).scalars():
            rating.status, rating.published_at = "provisional", None
        session.commit()
        rows = {}
        for wharf in wharves[:-1]:
            rating = latest(wharf.id, PUBLIC_STATUSES)
            if rating is not None:
                rows[wharf.name] = rating.grade
        assert rows, "the searched company has no published grade"

        registry = session.execute(select(Wharf).where(Wharf.id != own["id"], Wharf.id != other.id)
                                   .order_by(Wharf.id.desc())).scalars().first()
        # The inspector journeys write: give them wharves of companies the other journeys do not look at.
        used = {own["id"], other.id, registry.id}
        spare = [w for w in session.execute(select(Wharf).where(Wharf.company_id.not_in((mine.id, public.id)))
                                            .order_by(Wharf.id)).scalars() if w.id not in used]
        bulk = [{"id": w.id, "name": w.name, "code": w.code} for w in spare if w.type == "bulk"][:3]
        assert len(bulk) == 3, "the demo seed has too few bulk wharves for the inspector journeys"
        event = next(w for w in spare if w.type != "bulk")
        return {"company_name": mine.name, "own_wharf": own, "other_wharf_id": other.id,
                "public_company": public.name, "public_rows": rows, "unpublished_wharf": hidden.name,
                "registry_wharf": {"id": registry.id, "name": registry.name, "code": registry.code,
                                   "company": registry.company.name},
                "bulk_wharves": bulk, "event_wharf": {"id": event.id, "name": event.name}}


def _prepare_review(app, data: dict) -> dict:
    """Objection journeys: two wharves of the signed-in company (not its journeys' wharf) whose latest rating is
    published with an open objection period; the second already carries an open objection."""
    import datetime as dt

    from wharf_credit.models import utcnow
    from wharf_credit.services.publication import file_objection

    today = dt.date.today()
    with app.app_context():
        session = db.session
        user = session.execute(select(User).where(User.role == "company")).scalar_one()
        wharves = [w for w in session.execute(select(Wharf).where(Wharf.company_id == user.company_id)
                                              .order_by(Wharf.id)).scalars() if w.id != data["own_wharf"]["id"]]
        assert len(wharves) >= 2, "the demo seed gives the company user's company too few wharves"
        picked = []
        for wharf in wharves[:2]:
            rating = session.execute(select(RatingRow).where(RatingRow.wharf_id == wharf.id).order_by(
                RatingRow.as_of.desc(), RatingRow.id.desc())).scalars().first()
            rating.status, rating.published_at = "published", utcnow()
            rating.objection_until = today + dt.timedelta(days=14)
            picked.append({"id": wharf.id, "name": wharf.name, "rating_id": rating.id, "grade": rating.grade})
        session.commit()
        objection = file_objection(session, picked[1]["rating_id"], user, "安全评价行为记录有误，已提交更正材料。", today)
        return {"objection_wharf": picked[0], "correction": {**picked[1], "objection_id": objection.id}}


def _prepare_permits(app) -> dict:
    """Permit journeys: companies of their own (no other journey reads them): one rated AA, one on the serious-
    dishonesty list (D), and an AA one whose wharf gets a penalty; each with a published rating of a bulk wharf."""
    import datetime as dt

    from wharf_credit.rules import rule_store

    from ..factories import make_company, make_event, make_rating, make_wharf

    today = dt.date.today()
    with app.app_context():
        session = db.session
        book = rule_store().book
        measures = book.for_date(today).measures
        out = {}
        for key, name, dishonest in (("aa", "德清绿港物流有限公司", False), ("d", "德清失信港务有限公司", True),
                                     ("penalty", "德清新市砂石码头有限公司", False)):
            company = make_company(session, name=name, serious_dishonesty_list=dishonest)
            wharf = make_wharf(session, company, name=f"{name[2:6]}码头", type="bulk",
                               operating_since=dt.date(2010, 1, 1))
            make_event(session, wharf, "inspection", today - dt.timedelta(days=40), onsite=True, findings=0)
            rating = make_rating(session, wharf, as_of=today, status="published", book=book, assess=True)
            assert rating.grade == ("D" if dishonest else "AA"), (name, rating.grade)
            out[key] = {"id": company.id, "name": name, "uscc": company.uscc, "wharf_id": wharf.id,
                        "wharf": wharf.name, "grade": rating.grade,
                        "route": measures[rating.grade].permit_route.text.zh_CN}
        return {"permit": out}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    app = make_app(f"sqlite:///{tmp / 'e2e.sqlite'}", UPLOAD_FOLDER=str(tmp / "uploads"))
    data = _prepare(app)
    data.update(_prepare_permits(app))
    data.update(_prepare_review(app, data))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveData(url=f"http://127.0.0.1:{server.server_port}", **data)
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    # Everything a page's rendering depends on is fixed here rather than left to the Chromium build's defaults:
    # window size, pixel ratio, language, time zone, colour scheme, motion.
    return {**browser_context_args, "locale": "zh-CN", "base_url": live_server.url, "timezone_id": "Asia/Shanghai",
            "viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1, "color_scheme": "light",
            "reduced_motion": "reduce"}



@pytest.fixture(autouse=True)
def _screenshot(request, page):
    """After each journey, save the page's end state (also when the journey failed: that is when it helps)."""
    yield
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.originalname)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    except Exception as exc:  # noqa: BLE001 - a missing screenshot must not hide the journey's own result
        print(f"screenshot of {name} failed: {exc}")

