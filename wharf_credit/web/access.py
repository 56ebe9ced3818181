"""Every blueprint's one door for authorisation: role checks and owner-scoped loading (404, never 403, for a
company user looking at another company's object, so existence does not leak)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Assessment, Company, RatingRow, SafetyEventRow, Wharf

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: str) -> Callable[[F], F]:
    """Signed in (else redirect to login) and one of `roles` (else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def company_of(obj: Any) -> int | None:
    if isinstance(obj, Company):
        return obj.id
    if isinstance(obj, Wharf):
        return obj.company_id
    if isinstance(obj, RatingRow | Assessment | SafetyEventRow):
        return obj.wharf.company_id
    return None


def may_see(user: Any, obj: Any) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == "company":
        return company_of(obj) == user.company_id
    return True


def load_owned_or_404(model: type, ident: Any) -> Any:
    """Load a row by id; 404 when absent or when a company user does not own it."""
    obj = db.session.get(model, ident)
    if obj is None or not may_see(current_user, obj):
        abort(404)
    return obj
