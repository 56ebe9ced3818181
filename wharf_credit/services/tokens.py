"""API tokens: shown once at creation, stored as sha256, revocable. A token acts as its user (same role rules)."""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import ApiToken, User
from ..clock import utcnow
from . import NotFound, ServiceError, audit
from .ratings import actor_name
from .uow import unit_of_work, use_case

PREFIX = "wct_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def create_token(session: Session, username: str, actor: Any, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for `username`; returns the row and the plain token (the only time it exists)."""
    user = session.execute(select(User).where(User.username == username)).scalar()
    if user is None:
        raise NotFound("no user %(username)r", username=username)
    if not user.active:
        raise ServiceError("user %(username)r is deactivated", "username", username=username)
    plain = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip(), prefix=plain[:12], token_hash=digest(plain))
    session.add(row)
    session.flush()
    audit.record(session, actor_name(actor), "token.created", "api_token", row.id, None, row.audit_view())
    return row, plain


def user_for_token(session: Session, plain: str) -> User | None:
    """The active user behind a valid, unrevoked token (None otherwise); records its last use."""
    if not plain.startswith(PREFIX):
        return None
    row = session.execute(select(ApiToken).options(joinedload(ApiToken.user))
                          .where(ApiToken.token_hash == digest(plain))).scalar()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:  # not a write per request
        with unit_of_work(session):
            row.last_used_at = now
    return row.user


@use_case
def revoke_token(session: Session, token_id: int, actor: Any) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("token not found")
    if row.revoked_at is not None:
        raise ServiceError("this token is already revoked", "token")
    before = row.audit_view()
    row.revoked_at = utcnow()
    audit.record(session, actor_name(actor), "token.revoked", "api_token", row.id, before, row.audit_view())
    return row


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.execute(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc()))
                .scalars())
