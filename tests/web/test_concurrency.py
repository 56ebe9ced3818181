"""Concurrent writes through the web forms on two gunicorn workers: every one is answered and stored, none is a
500, and the audit chain they all append to verifies (services/audit.lock_chain)."""
from __future__ import annotations

import concurrent.futures
import http.cookiejar
import urllib.parse
import urllib.request

from sqlalchemy import func, select

from wharf_credit.extensions import db
from wharf_credit.models import Company
from wharf_credit.services.audit import verify_chain
from wharf_credit.services.users import create_user

from ..factories import PASSWORD, uscc
from ..gunicorn_server import gunicorn_app


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def signed_in_opener(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD}).encode()
    try:
        opener.open(f"{base}/login", data=data, timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302, exc.code  # signed in: redirected to the registry
    return opener


def post(opener, url: str, fields: dict) -> int:
    try:
        return opener.open(url, data=urllib.parse.urlencode(fields).encode(), timeout=20).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_thirty_companies_registered_at_once_on_two_workers_are_all_stored(tmp_path):
    with gunicorn_app(tmp_path, RATELIMIT_ENABLED="false") as (base, app):
        with app.app_context():
            create_user(db.session, "inspector-a", PASSWORD, "inspector")
            create_user(db.session, "inspector-b", PASSWORD, "inspector")
        openers = [signed_in_opener(base, "inspector-a"), signed_in_opener(base, "inspector-b")]
        forms = [{"name": f"并发港务有限公司{i}", "uscc": uscc(), "filings_complete": "y"} for i in range(30)]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda i: post(openers[i % 2], f"{base}/companies/new", forms[i]), range(30)))
    assert codes == [302] * 30, codes
    with app.app_context():
        stored = db.session.execute(select(func.count()).select_from(Company)).scalar_one()
        assert (stored, verify_chain(db.session).problems) == (30, [])
