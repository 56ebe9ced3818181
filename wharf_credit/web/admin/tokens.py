"""Admin: API tokens (create — shown once — and revoke, with confirmation)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from ...extensions import db
from ...services import ServiceError
from ...services.users import active_users
from ...services.tokens import create_token, list_tokens, revoke_token
from ..access import requires
from ..labels import ROLE_NAMES
from ..messages import say
from . import bp


class TokenForm(FlaskForm):
    username = SelectField(_l("User"), validators=[DataRequired()])
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=100)],
                       filters=[lambda v: (v or "").strip()])


def _form() -> TokenForm:
    form = TokenForm()
    users = active_users(db.session)
    # No user is chosen for the admin: a token nobody picked on purpose must not be created.
    form.username.choices = [("", "—")] + [(u.username, _("%(user)s (%(role)s)", user=u.username,
                                                        role=ROLE_NAMES.get(u.role, u.role))) for u in users]
    return form


@bp.route("/tokens", methods=["GET", "POST"])
@requires("administer")
def tokens():
    form = _form()
    created = None
    status = 200
    if form.validate_on_submit():
        try:
            created = create_token(db.session, form.username.data, current_user, form.name.data or "")[1]
        except ServiceError as exc:
            form.username.errors.append(say(exc))
            status = 400
        else:
            flash(_("Token created. Copy it now: it is shown only once."), "info")
    elif form.is_submitted():
        status = 400
    return render_template("admin/tokens.html", form=form, tokens=list_tokens(db.session), created=created), status


@bp.post("/tokens/<int:token_id>/revoke")
@requires("administer")
def revoke(token_id: int):
    try:
        revoke_token(db.session, token_id, current_user)
    except ServiceError as exc:
        flash(say(exc), "error")
        return redirect(url_for("admin.tokens")), 303
    flash(_("Token revoked: it no longer works."), "info")
    return redirect(url_for("admin.tokens")), 303
