"""Sign in and out. Failed and successful sign-ins are audited; attempts are rate-limited per address."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import policy
from ..extensions import db, limiter
from ..forms import LoginForm
from ..models import User
from ..services.users import sign_in, sign_out

bp = Blueprint("auth", __name__)


def home_for(user: User) -> str:
    return url_for(policy.landing(user))


def safe_next(target: str | None) -> str | None:
    if not target:
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None  # browsers read "/\evil.example" as "//evil.example": another site
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = sign_in(db.session, form.username.data or "", form.password.data or "")
        if user is None:
            form.password.errors.append(_("Wrong username or password."))
        else:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sign_out(db.session, current_user)
    logout_user()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("public.index"))
