import pytest

from wharf_credit import create_app
from wharf_credit.config import DEFAULT_SECRET_KEY, ConfigError


def test_explicit_config_overrides_defaults():
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    assert app.testing and app.config["SECRET_KEY"] == "x"


def test_env_vars_override_defaults(monkeypatch):
    monkeypatch.setenv("WHARF_CREDIT_RULES_DIR", "/somewhere/rules")
    assert create_app().config["RULES_DIR"] == "/somewhere/rules"


def test_explicit_config_beats_env_vars(monkeypatch):
    monkeypatch.setenv("WHARF_CREDIT_RULES_DIR", "/from/env")
    assert create_app({"RULES_DIR": "/from/test"}).config["RULES_DIR"] == "/from/test"


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": DEFAULT_SECRET_KEY})


STRONG_KEY = "3f9c1a7be04d52e8a6c9f1b07d3e5a2c4b6d8e0f1a3c5e7b"


def test_production_starts_with_a_strong_secret_key_and_secure_cookies():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": STRONG_KEY, "AUDIT_KEY": STRONG_KEY[::-1]})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


@pytest.mark.parametrize("env_name", ["Production", " PRODUCTION ", "prod", "staging", "produciton"])
def test_any_environment_but_development_and_testing_refuses_the_default_key(env_name):
    with pytest.raises(ConfigError, match="development key"):
        create_app({"ENV_NAME": env_name, "SECRET_KEY": DEFAULT_SECRET_KEY})


@pytest.mark.parametrize("key,why", [("x", "1 characters"), ("", "not set"), ("a-long-random-value", "19 characters"),
                                     ("ab" * 20, "only 2 different"), (None, "not set")])
def test_production_refuses_a_weak_secret_key_and_says_why(key, why):
    with pytest.raises(ConfigError, match=why):
        create_app({"ENV_NAME": "production", "SECRET_KEY": key})


def test_the_environment_variables_are_checked_too(monkeypatch):
    monkeypatch.setenv("WHARF_CREDIT_ENV_NAME", "Production")
    monkeypatch.setenv("WHARF_CREDIT_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="5 characters"):
        create_app()
    monkeypatch.setenv("WHARF_CREDIT_SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("WHARF_CREDIT_AUDIT_KEY", STRONG_KEY[::-1])
    assert create_app().config["SESSION_COOKIE_SECURE"]


def test_production_refuses_to_start_without_an_audit_key_outside_the_database(tmp_path):
    with pytest.raises(ConfigError, match="AUDIT_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": STRONG_KEY})
    with pytest.raises(ConfigError, match="audit key cannot be read"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": STRONG_KEY, "AUDIT_KEY_FILE": str(tmp_path / "none")})
    (tmp_path / "audit.key").write_text(STRONG_KEY[::-1] + "\n")
    create_app({"ENV_NAME": "production", "SECRET_KEY": STRONG_KEY, "AUDIT_KEY_FILE": str(tmp_path / "audit.key")})
    assert not (tmp_path / "none").exists()  # production never makes a key up


def test_development_keeps_the_development_key_and_plain_cookies():
    app = create_app({"ENV_NAME": "Development"})
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not app.config.get("SESSION_COOKIE_SECURE")


def test_home_page_shows_the_active_rule_set_in_chinese_by_default(client):
    import datetime as dt

    from wharf_credit.domain import load_rulebook

    from .conftest import RULES_DIR

    page = client.get("/").get_data(as_text=True)
    assert "绿色码头信用评价" in page and load_rulebook(RULES_DIR).for_date(dt.date.today()).version in page


def test_home_page_speaks_english_on_request(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Green Wharf Credit Rating" in page
