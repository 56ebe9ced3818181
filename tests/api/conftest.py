from __future__ import annotations

import pytest

from wharf_credit.services.tokens import create_token

from ..factories import make_company, make_user


class Caller:
    """A test client that sends one user's bearer token."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def __getattr__(self, method: str):
        def call(url: str, **kw):
            headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {self.token}"}
            return getattr(self.client, method)(url, headers=headers, **kw)
        return call


@pytest.fixture
def as_role(client, session):
    """as_role("inspector") -> a Caller with a fresh token; as_role("company", company)."""
    def make(role: str, company=None):
        user = make_user(session, role, company if role != "company" else (company or make_company(session)))
        _, plain = create_token(session, user.username, "tests")
        return Caller(client, plain)
    return make
