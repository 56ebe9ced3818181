"""wharf_credit: the green-wharf credit rating engine and its web application."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .config import ROOT, DefaultConfig, check_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults < instance/config.py < WHARF_CREDIT_* env vars < `config`."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("WHARF_CREDIT")
    if config:
        app.config.update(config)
    check_config(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from . import cli, web

    web.register(app)
    cli.register(app)
    return app
