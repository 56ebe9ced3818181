"""The `flask` commands, one module per command group; each is thin: parse, call a service, print."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import calibrator, data, duties, export, jobs, measures, rerate, rules, tokens

    for module in (rules, data, tokens, rerate, export, measures, calibrator, jobs, duties):
        module.register(app)
