from flask import g
from sqlalchemy import select

from wharf_credit.models import AuditEntry

from ..factories import PASSWORD, login, make_company, make_user


def test_an_inspector_signs_in_and_lands_on_the_wharf_registry(client, session):
    user = make_user(session, "inspector")
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/wharves")
    assert client.get("/wharves").status_code == 200


def test_a_company_user_lands_on_its_portal(client, session):
    user = make_user(session, "company", company=make_company(session))
    assert login(client, user).headers["Location"].endswith("/portal/")


def test_a_wrong_password_re_renders_the_form_with_a_message_and_is_audited(client, session):
    user = make_user(session, "inspector")
    page = client.post("/login?lang=en", data={"username": user.username, "password": "nope"})
    assert page.status_code == 200 and "Wrong username or password." in page.get_data(as_text=True)
    actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert "auth.failed" in actions


def test_pages_for_staff_redirect_anonymous_visitors_to_sign_in(client):
    response = client.get("/wharves")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_company_user_may_not_open_staff_pages(client, session):
    user = make_user(session, "company", company=make_company(session))
    login(client, user)
    assert client.get("/wharves").status_code == 403


def test_next_parameter_cannot_redirect_off_site(client, session):
    user = make_user(session, "inspector")
    response = client.post("/login?next=https://evil.example/", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"].endswith("/wharves")


def test_sign_out_needs_a_post_and_ends_the_session(client, session):
    user = make_user(session, "inspector")
    login(client, user)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/wharves").status_code == 302


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, client, session):
    user = make_user(session, "inspector")
    login(client, user)
    copied = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    g.pop("_login_user", None)
    response = thief.get("/wharves")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    g.pop("_login_user", None)
    assert login(thief, user).status_code == 302
    g.pop("_login_user", None)
    assert thief.get("/wharves").status_code == 200  # a new sign-in works


def test_signing_out_ends_the_users_other_sessions_too(app, session):
    user = make_user(session, "inspector")
    phone, desk = app.test_client(), app.test_client()
    login(phone, user)
    g.pop("_login_user", None)  # each client is its own browser; the test's app context is shared
    login(desk, user)
    g.pop("_login_user", None)
    assert desk.get("/wharves").status_code == 200
    phone.post("/logout")
    g.pop("_login_user", None)
    assert desk.get("/wharves").status_code == 302
    actions = session.execute(select(AuditEntry.action).where(AuditEntry.object_id == str(user.id))).scalars().all()
    assert actions.count("auth.logout") == 1


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(app, client, session):
    user = make_user(session, "inspector")
    login(client, user)
    user.set_password("another-password-2026")
    session.commit()
    g.pop("_login_user", None)  # the test's app context outlives the request that signed in
    assert client.get("/wharves").status_code == 302


def test_a_session_id_of_the_old_form_or_forged_is_refused(app, session):
    user = make_user(session, "inspector")
    for forged in (str(user.id), f"{user.id}.", f"{user.id}.99", "1" * 40 + ".0", "².0", f"{user.id}.0.0"):
        client = app.test_client()
        with client.session_transaction() as cookie:
            cookie["_user_id"] = forged
            cookie["_fresh"] = True
        g.pop("_login_user", None)
        assert client.get("/wharves").status_code == 302, forged


def test_security_headers_are_set_and_csp_forbids_inline_script(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "unsafe-inline" not in headers[
        "Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"


def test_sign_in_attempts_are_rate_limited(tmp_path):
    from ..conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'rl.sqlite'}", RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    from wharf_credit.extensions import db

    with app.app_context():
        db.create_all()
    client = app.test_client()
    codes = [client.post("/login", data={"username": "x", "password": "y"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_forms_are_refused_without_a_csrf_token_when_csrf_is_on(tmp_path):
    from ..conftest import make_app
    from wharf_credit.extensions import db

    app = make_app(f"sqlite:///{tmp_path / 'csrf.sqlite'}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    assert app.test_client().post("/login", data={"username": "x", "password": "y"}).status_code == 400
