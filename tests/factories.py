"""Factories for database rows (tests/services, tests/web): make_company(session, **kw), make_wharf(...), ..."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from wharf_credit.domain.uscc import with_check_digit
from wharf_credit.models import Company, User, Wharf
from wharf_credit.services.users import create_user

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def uscc(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return with_check_digit(f"91330521MA{n:07d}")


def make_company(session, **kw: Any) -> Company:
    n = next(_seq)
    fields = {"name": f"测试港务有限公司{n}", "uscc": uscc(n),
              "permit_valid_until": dt.date.today() + dt.timedelta(days=700)}
    fields.update(kw)
    company = Company(**fields)
    session.add(company)
    session.commit()
    return company


def make_wharf(session, company: Company | None = None, **kw: Any) -> Wharf:
    n = next(_seq)
    company = company or make_company(session)
    fields = {"company_id": company.id, "name": f"测试码头{n}", "code": f"T-{n:05d}", "type": "bulk",
              "operating_since": dt.date(2015, 1, 1), "berths": 2, "capacity_kt": 300.0, "year_built": 2015}
    fields.update(kw)
    wharf = Wharf(**fields)
    session.add(wharf)
    session.commit()
    return wharf


def make_user(session, role: str = "inspector", company: Company | None = None, username: str | None = None) -> User:
    return create_user(session, username or f"{role}{next(_seq)}", PASSWORD, role,
                       company.uscc if company is not None else None)


def login(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"username": user.username, "password": password}, follow_redirects=False)


# --- ratings, assessments, events (rating page, portal, dashboard tests) -------------------------------------------

def make_event(session, wharf: Wharf, kind: str, date: dt.date, **data: Any):
    """A stored safety event (no re-rating); `data` holds the kind-specific fields of the facts JSON."""
    from wharf_credit.models import SafetyEventRow

    row = SafetyEventRow(wharf_id=wharf.id, kind=kind, date=date, data=data)
    session.add(row)
    session.commit()
    return row


def make_bare_assessment(session, wharf: Wharf, assessed_on: dt.date, version: str = "2026.1"):
    """An assessment row without values or a rating: enough for "when was this wharf last assessed"."""
    from wharf_credit.models import Assessment

    row = Assessment(wharf_id=wharf.id, assessed_on=assessed_on, ruleset_version=version, ruleset_sha256="0" * 64)
    session.add(row)
    session.commit()
    return row


def make_rating(session, wharf: Wharf, as_of: dt.date | None = None, levels: dict[str, int] | None = None,
                status: str = "provisional", book=None, actor: Any = "tests", assess: bool = False):
    """A real stored rating (services.ratings.rate_wharf, audited): every indicator of the wharf type at level 5
    unless `levels` says otherwise (indicator id -> level 0-5). With `assess`, through submit_assessment instead,
    so an Assessment row is stored too. Store events first (make_event) for them to count."""
    from tests.builders import value_for_level
    from wharf_credit.rules import rule_store
    from wharf_credit.services.assessments import submit_assessment
    from wharf_credit.services.ratings import rate_wharf

    book = book or rule_store().book
    as_of = as_of or dt.date.today()
    ruleset = book.for_date(as_of)
    levels = levels or {}
    values = {i.id: value_for_level(i, levels.get(i.id, 5)) for i in ruleset.by_type[wharf.type]}
    if assess:
        _, row = submit_assessment(session, book, wharf.id, values, actor, assessed_on=as_of)
    else:
        row = rate_wharf(session, book, wharf, as_of, actor, values=values)
    row.status = status
    session.commit()
    return row


class count_queries:  # noqa: N801 - used like a function: `with count_queries(db.engine) as counter:`
    """Count the SQL statements an engine runs inside the block (indico's count_queries idea)."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        self.statements: list[str] = []

    def _on(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.statements.append(statement)

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._on)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._on)
        return False


def page_text(client, url: str, status: int = 200) -> str:
    """GET a page and return its HTML, checking the status. Clears Flask-Babel's cached locale first: the `session`
    fixture keeps one app context (and so one `g`) open across requests, which would pin the first language and
    the first signed-in user object (Flask-Login's g._login_user)."""
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


# --- learned calibrator ---------------------------------------------------------------------------------------------

def install_calibrator(root: Path, ruleset: Any, ident: str = "cal-test", activate: bool = True):
    """Train a logistic calibrator on simulated wharf-years, save it under root and (by default) activate it."""
    from wharf_credit.calibration import evaluate, save_artefact, simulate, train
    from wharf_credit.calibration.artefact import load_artefact
    from wharf_credit.calibration.dataset import split_fraction
    from wharf_credit.calibration.registry import activation_record, write_active
    from wharf_credit.domain.vocabulary import I18n

    data = simulate(8000, seed=3)
    train_part, test_part, _ = split_fraction(data, 0.25)
    model = train(train_part, rung="logistic", seed=3)
    metrics = evaluate(test_part.label, model.predict_data(test_part), model.reference.predict(test_part.score),
                       test_part.grade, n_boot=50, seed=3)
    saved = save_artefact(model, root, ident, ruleset, metrics=metrics, train_data=train_part,
                          test_window=test_part.window,
                          data_source=I18n("模拟数据（测试）", "simulated (tests)"))
    if activate:
        meta = load_artefact(saved.folder, saved.sha256, ruleset).meta
        write_active(root, activation_record(meta, saved.sha256, "tests"))
    return saved
