"""Factories for database rows (tests/services, tests/web): make_company(session, **kw), make_wharf(...), ..."""
from __future__ import annotations

import datetime as dt
import itertools
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
