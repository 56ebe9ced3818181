"""Permit approval by grade (许可审批): the route an application takes for a company of a given grade."""
from __future__ import annotations

from dataclasses import dataclass

from ..rules.procedures import ApplicationType, Procedures
from ..vocabulary import Route


@dataclass(frozen=True)
class PermitAdvice:
    application: ApplicationType
    grade: str
    route_code: str
    route: Route


def permit_advice(proc: Procedures, application_id: str, grade: str) -> PermitAdvice:
    """The route an application of this type takes for a company of this grade."""
    app = proc.application(application_id)
    code = app.routes[grade]
    return PermitAdvice(app, grade, code, proc.routes[code])
