"""The rating page, shared by every role that may see the wharf."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ratings", __name__)
