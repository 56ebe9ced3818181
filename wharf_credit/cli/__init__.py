"""The `flask` commands, one module per command group; each is thin: parse, call a service, print."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import calibrator, data, export, jobs, measures, rerate, rules, tokens

    for module in (rules, data, tokens, rerate, export, measures, calibrator, jobs):
        module.register(app)
