"""Blueprints, extensions that belong to the web layer, security headers and error pages."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, request
from flask_babel import format_date, format_decimal
from flask_login import current_user

from .. import clock, rules
from ..extensions import babel, csrf, db, limiter, login_manager
from ..models import User
from .access import may
from .labels import format_day, format_moment, ui_lang
from .params import install_converters, refuse_nul_characters



def lang_url(lang: str) -> str:
    """This page in another language: the same path and query arguments, only `lang` replaced."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{quote(request.script_root + request.path)}?{urlencode([*args, ('lang', lang)])}"


def _calibrator_fallback() -> dict | None:
    """For the admin banner: this process's latest fallback of the active calibrator to rules-only (in memory)."""
    if not may("administer"):
        return None
    from ..services.ratings import calibrator_fallback

    return calibrator_fallback()


def _integrity_alarm() -> dict | None:
    """For the admin banner: the last integrity-check duty, if it found problems or failed."""
    if not may("administer"):
        return None
    from ..queue.duties import last_run

    run = last_run("audit_verify")
    return run if run and run.get("status") in ("problems", "failed") else None


def _draw_reminder() -> dict | None:
    """For whoever makes the 双随机 draw: the reminder the `draw_reminder` duty gave for this quarter, while the draw
    is still not made."""
    if not may("make_draw"):
        return None
    from ..domain.supervision.draws import period_of
    from ..queue.duties import last_run
    from ..services.inspections import draw_made

    run = last_run("draw_reminder")
    details = (run or {}).get("details") or {}
    period = period_of(clock.today())
    if run is None or run.get("status") != "ok" or details.get("drawn") or details.get("period") != period:
        return None
    return None if draw_made(db.session, period) else details


def register(app: Flask) -> None:
    from . import admin, auth, dashboard, errors, inspect, portal, public, ratings
    from .labels import label_functions

    install_converters(app)
    app.before_request(refuse_nul_characters)
    rules.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=ui_lang, default_translation_directories="translations")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """`session_id` is User.get_id(): "<user id>.<session version>"; an ended session's version is behind."""
        ident, _, version = session_id.partition(".")
        if not (ident.isascii() and ident.isdigit() and version.isascii() and version.isdigit()) or len(ident) > 10:
            return None
        user = db.session.get(User, int(ident))
        if user is None or not user.active or str(user.session_version or 0) != version:
            return None
        return user

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.context_processor
    def template_globals():
        return {"current_user": current_user, "ui_lang": ui_lang(), "may": may,
                "calibrator_fallback": _calibrator_fallback, "integrity_alarm": _integrity_alarm,
                "draw_reminder": _draw_reminder}

    app.jinja_env.globals.update(format_date=format_date, format_decimal=format_decimal, lang_url=lang_url,
                                 format_moment=format_moment, format_day=format_day,
                                 **label_functions())

    for blueprint in (public.bp, auth.bp, inspect.bp, ratings.bp, portal.bp, dashboard.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(__import__(f"{__name__}.permits", fromlist=["bp"]).bp)
    app.register_blueprint(__import__(f"{__name__}.review", fromlist=["bp"]).bp)
    app.register_blueprint(__import__(f"{__name__}.inspections", fromlist=["bp"]).bp)
    app.register_blueprint(__import__(f"{__name__}.certificate", fromlist=["bp"]).bp)
    errors.register(app)
    app.register_blueprint(admin.bp)
