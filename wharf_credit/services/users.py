"""User accounts."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Company, User
from ..clock import utcnow
from ..policy import ROLES, bound_to_a_company
from . import ServiceError, audit
from .ratings import actor_name
from .uow import retrying, use_case


@use_case
def create_user(session: Session, username: str, password: str, role: str, company_uscc: str | None = None,
                actor: Any = "system", display_name: str = "") -> User:
    if role not in ROLES:
        raise ServiceError("unknown role %(role)r (one of %(roles)s)", "role", role=role, roles=", ".join(ROLES))
    if not username or len(username) > 64:
        raise ServiceError("username must be 1-64 characters", "username")
    if len(password) < 8:
        raise ServiceError("password must have at least 8 characters", "password")
    if session.execute(select(User.id).where(User.username == username)).scalar() is not None:
        raise ServiceError("user %(username)r already exists", "username", username=username)
    company_id = None
    if bound_to_a_company(role):
        if not company_uscc:
            raise ServiceError("a company user needs --company USCC", "company")
        company_id = session.execute(select(Company.id).where(Company.uscc == company_uscc.upper())).scalar()
        if company_id is None:
            raise ServiceError("no company with USCC %(uscc)s", "company", uscc=company_uscc)
    elif company_uscc:
        raise ServiceError("only company users are bound to a company", "company")
    user = User(username=username, role=role, company_id=company_id, display_name=display_name or username)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor_name(actor), "user.created", "user", user.id, None, user.audit_view())
    return user


def sign_in(session: Session, username: str, password: str) -> User | None:
    """The user when `username` is active and `password` is theirs, else None; either way audited."""
    def work() -> User | None:
        user = session.execute(select(User).where(User.username == username)).scalar()
        if user is None or not user.active or not user.check_password(password):
            audit.record(session, username or "?", "auth.failed", "user", username or "?")
            return None
        user.last_login_at = utcnow()
        audit.record(session, user.username, "auth.login", "user", user.id)
        return user

    return retrying(session, work)


def sign_out(session: Session, user: User) -> None:
    """End every session of `user` (a copied or stolen cookie stops working too), audited."""
    user_id = user.id

    def work() -> None:
        current = session.get(User, user_id)
        current.end_sessions()
        audit.record(session, current.username, "auth.logout", "user", current.id)

    retrying(session, work)


def active_users(session: Session) -> list[User]:
    """Every active user, by username."""
    return list(session.execute(select(User).where(User.active.is_(True)).order_by(User.username)).scalars())

