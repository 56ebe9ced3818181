"""Blueprints and error pages."""
from __future__ import annotations

from flask import Flask

from .. import rules


def register(app: Flask) -> None:
    from . import public

    rules.init_app(app)
    app.register_blueprint(public.bp)
