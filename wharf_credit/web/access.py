"""Every blueprint's one door for authorisation, after the permission table in wharf_credit/policy.py: `requires`
(an action of the table), `may` (for templates and views) and owner-scoped loading (404, never 403, for a company
user looking at another company's object, so existence does not leak)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from .. import policy
from ..extensions import db
from ..models import Assessment, Company, RatingRow, SafetyEventRow, Wharf

F = TypeVar("F", bound=Callable[..., Any])


def requires(action: str) -> Callable[[F], F]:
    """Signed in (else redirect to login) and allowed to do `action` by the permission table (else 403)."""
    policy.roles_for(action)  # an unknown action fails when the view is defined, not when it is first used

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not policy.may(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]  # read by the authorisation test
        return wrapped  # type: ignore[return-value]

    return decorator


def may(action: str) -> bool:
    """Whether the signed-in user may do `action` (False when nobody is signed in)."""
    return current_user.is_authenticated and policy.may(current_user, action)


def company_of(obj: Any) -> int | None:
    if isinstance(obj, Company):
        return obj.id
    if isinstance(obj, Wharf):
        return obj.company_id
    if isinstance(obj, RatingRow | Assessment | SafetyEventRow):
        return obj.wharf.company_id
    return None


def may_see(user: Any, obj: Any) -> bool:
    return bool(user.is_authenticated) and policy.sees_company(user, company_of(obj))


def load_owned_or_404(model: type, ident: Any) -> Any:
    """Load a row by id; 404 when absent or when a company user does not own it."""
    obj = db.session.get(model, ident)
    if obj is None or not may_see(current_user, obj):
        abort(404)
    return obj
