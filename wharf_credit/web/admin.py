"""Admin: API tokens (create — shown once — and revoke, with confirmation)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..extensions import db
from ..models import User
from ..services import ServiceError
from ..services.tokens import create_token, list_tokens, revoke_token
from .access import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


class TokenForm(FlaskForm):
    username = SelectField(_l("User"), validators=[DataRequired()])
    name = StringField(_l("What the token is for"), validators=[Length(max=100)])


def _form() -> TokenForm:
    form = TokenForm()
    users = db.session.execute(db.select(User).where(User.active.is_(True)).order_by(User.username)).scalars()
    form.username.choices = [(u.username, f"{u.username} ({u.role})") for u in users]
    return form


@bp.route("/tokens", methods=["GET", "POST"])
@role_required("admin")
def tokens():
    form = _form()
    created = None
    status = 200
    if form.validate_on_submit():
        try:
            created = create_token(db.session, form.username.data, current_user, form.name.data or "")[1]
        except ServiceError as exc:
            form.username.errors.append(str(exc))
            status = 400
        else:
            flash(_("Token created. Copy it now: it is shown only once."), "info")
    elif form.is_submitted():
        status = 400
    return render_template("admin/tokens.html", form=form, tokens=list_tokens(db.session), created=created), status


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke(token_id: int):
    try:
        revoke_token(db.session, token_id, current_user)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.tokens")), 303
    flash(_("Token revoked: it no longer works."), "info")
    return redirect(url_for("admin.tokens")), 303
