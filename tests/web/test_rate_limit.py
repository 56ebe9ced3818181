"""The sign-in rate limit (hardening item 4): counters live in the configured storage, shared by every worker
(Redis in production), and the address limited is the client's: behind a trusted proxy its X-Forwarded-For,
otherwise the connection's own address, so a client cannot pick a fresh address per attempt."""
from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


from sqlalchemy import func, select

from wharf_credit.extensions import db, limiter
from wharf_credit.models import AuditEntry

from ..conftest import make_app
from ..gunicorn_server import gunicorn_app

ATTEMPT = {"username": "nobody", "password": "wrong"}


def app_with_limit(tmp_path: Path, **extra):
    app = make_app(f"sqlite:///{tmp_path / 'rl.sqlite'}", RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute",
                   **extra)
    with app.app_context():
        db.create_all()
    return app


def attempts(app, n: int, **headers) -> list[int]:
    client = app.test_client()
    return [client.post("/login", data=ATTEMPT, headers=headers).status_code for _ in range(n)]


def test_the_configured_storage_is_used_and_shared_between_app_instances(tmp_path, redis_url):
    first = app_with_limit(tmp_path, RATELIMIT_STORAGE_URI=redis_url)
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert attempts(first, 2) == [200, 200]
    second = app_with_limit(tmp_path, RATELIMIT_STORAGE_URI=redis_url)  # another worker: a new storage object
    assert attempts(second, 2) == [200, 429]
    limiter.storage.reset()


def test_in_memory_counters_start_again_in_each_instance_which_is_why_production_uses_redis(tmp_path):
    assert attempts(app_with_limit(tmp_path), 2) == [200, 200]
    assert type(limiter.storage).__name__ == "MemoryStorage"
    assert attempts(app_with_limit(tmp_path), 2) == [200, 200]


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_limit(tmp_path):
    app = app_with_limit(tmp_path)
    client = app.test_client()
    codes = [client.post("/login", data=ATTEMPT, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
             for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(tmp_path):
    app = app_with_limit(tmp_path, PROXY_FIX_X_FOR=1)
    assert attempts(app, 4, **{"X-Forwarded-For": "203.0.113.7"}) == [200, 200, 200, 429]
    assert attempts(app, 1, **{"X-Forwarded-For": "198.51.100.9"}) == [200]
    # the proxy's own address counts as the client only for requests it did not forward
    assert attempts(app, 1) == [200]


def _post_login(base: str) -> int:
    request = urllib.request.Request(f"{base}/login", data=urllib.parse.urlencode(ATTEMPT).encode(), method="POST")
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_two_gunicorn_workers_sharing_redis_let_exactly_the_limit_through(tmp_path, redis_url):
    with gunicorn_app(tmp_path, RATELIMIT_STORAGE_URI=redis_url.replace("/0", "/3"),
                   LOGIN_RATE_LIMIT="5 per minute") as (base, _):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: _post_login(base), range(16)))
    assert sorted(codes) == [200] * 5 + [429] * 11, codes


def test_concurrent_sign_ins_on_two_workers_are_all_answered_and_all_audited(tmp_path):
    """Every attempt appends to the audit chain; two workers racing for its head must not turn one into a 500."""
    from wharf_credit.services.audit import verify_chain

    with gunicorn_app(tmp_path, RATELIMIT_ENABLED="false") as (base, app):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: _post_login(base), range(40)))
    assert codes == [200] * 40, codes
    with app.app_context():
        report = verify_chain(db.session)
        failed = db.session.execute(select(func.count()).select_from(AuditEntry)
                                    .where(AuditEntry.action == "auth.failed")).scalar_one()
    assert (failed, report.problems) == (40, [])
