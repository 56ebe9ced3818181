"""wharf_credit: the green-wharf credit rating engine and its web application."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .config import ROOT, DefaultConfig, check_config, database_url, environment
from .jsoncodec import json_text, json_value


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults < instance/config.py < WHARF_CREDIT_* env vars < `config`."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(DefaultConfig)
    app.config["DUTY_SCHEDULE"] = dict(DefaultConfig.DUTY_SCHEDULE)  # an app's own copy: env overrides change it
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("WHARF_CREDIT")
    if config:
        app.config.update(config)
    check_config(app.config)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config, app.instance_path)
    # JSON columns (stored facts, results, audit before/after) with orjson: a re-rating encodes ~1.7 kB of facts per
    # wharf, and the standard library's encoder was a sixth of `rate --all`.
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("json_serializer", json_text)
    options.setdefault("json_deserializer", json_value)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    trusted_proxies = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if trusted_proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)  # type: ignore[method-assign]
    if environment(app.config) == "production" and str(app.config.get("RATELIMIT_STORAGE_URI")).startswith("memory"):
        app.logger.warning("RATELIMIT_STORAGE_URI is memory://: each worker process counts sign-in attempts "
                           "separately; set WHARF_CREDIT_RATELIMIT_STORAGE_URI=redis://... to share them")

    from . import api, cli, db_setup, web
    from .queue import broker, duties, tasks  # noqa: F401 — importing them registers the queue's tasks
    from .config import calibrators_dir
    from .services.ratings import use_calibrators_root

    use_calibrators_root(calibrators_dir)  # the same function for every app: it reads the current app's settings
    db_setup.init_app(app)
    web.register(app)  # first: the API's error pages and CSRF exemption need what it installs
    api.init_app(app)
    cli.register(app)
    broker.configure(app)
    duties.check_schedule(app)
    return app
