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


def test_production_starts_with_a_real_secret_key():
    assert create_app({"ENV_NAME": "production", "SECRET_KEY": "a-long-random-value"}).config["ENV_NAME"] == "production"


def test_home_page_shows_the_active_rule_set_in_chinese_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert "绿色码头信用评价" in page and "2026.1" in page


def test_home_page_speaks_english_on_request(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Green Wharf Credit Rating" in page
