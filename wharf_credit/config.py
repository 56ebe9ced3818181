"""Configuration: defaults < instance/config.py < WHARF_CREDIT_* environment variables < create_app(config)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"


class DefaultConfig:
    SECRET_KEY = DEFAULT_SECRET_KEY
    # "development" or "production"; production refuses to start with the default secret key.
    ENV_NAME = "development"
    # Folder holding one sub-folder per rule-set version (rules/<version>/).
    RULES_DIR = str(ROOT / "rules")
    # Default UI language.
    BABEL_DEFAULT_LOCALE = "zh_CN"
    JSON_SORT_KEYS = False


class ConfigError(RuntimeError):
    """The configuration is unsafe or inconsistent; the app refuses to start."""


def check_config(config: dict) -> None:
    """Refuse configurations that must never run in production."""
    if config.get("ENV_NAME") == "production" and config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise ConfigError("WHARF_CREDIT_SECRET_KEY must be set to a random value in production")
