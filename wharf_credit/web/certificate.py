"""A printable rating certificate per wharf: its latest published grade with the rule set and measures it carries.
Staff and the owning company may open it; another company gets 404 (existence does not leak)."""
from __future__ import annotations


from flask import Blueprint, render_template
from flask_babel import format_percent

from .. import clock
from ..extensions import db
from ..models import Wharf
from ..rules import rule_store
from ..services.ratings import latest_rating, rating_texts
from .labels import ui_lang
from .access import load_owned_or_404, requires

bp = Blueprint("certificate", __name__)


@bp.get("/wharves/<int:wharf_id>/certificate")
@requires("view_ratings")
def show(wharf_id: int):
    wharf: Wharf = load_owned_or_404(Wharf, wharf_id)
    rating = latest_rating(db.session, wharf.id, published_only=True)
    lang = ui_lang()
    texts = rating_texts(rating, rule_store().book, lang) if rating else {}
    newer = latest_rating(db.session, wharf.id)
    return render_template("certificate/show.html", wharf=wharf, company=wharf.company, rating=rating,
                           measures=texts.get("measures"), issued=clock.today(), format_percent=format_percent,
                           newer_provisional=rating is not None and newer is not None and newer.id != rating.id)
