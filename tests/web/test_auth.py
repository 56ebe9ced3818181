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
