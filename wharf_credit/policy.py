"""Who may do what: the one permission table of wharf_credit, for the web pages, the API and the CLI alike.

An action is something a person does ("edit the registry", "decide permits"); each names the roles that may do it.
Besides the table there is one rule of scope: a company user sees only its own company's objects (a company, its
wharves, their ratings, events, objections and repair requests); to such a user another company's object does not
exist (the web and the API answer 404, never 403, so that existence does not leak).

Pure Python: no Flask, no database. `user` below is anything with `role` and `company_id` attributes."""
from __future__ import annotations

from typing import Any

ROLES = ("inspector", "permit_officer", "reviewer", "company", "admin")
STAFF = ("inspector", "permit_officer", "reviewer", "admin")

ACTIONS: dict[str, tuple[str, ...]] = {
    # the registry: dashboard, companies, wharves, assessments and their photos, safety events
    "view_registry": STAFF,
    "edit_registry": ("inspector", "admin"),         # register and change companies and wharves, file assessments
                                                     # and safety events (each re-rates the wharf)
    # ratings: a rating's page, a wharf's latest rating, the printable certificate (company users: their own)
    "view_ratings": ROLES,
    "view_unpublished_ratings": STAFF,                # provisional ratings (the public and companies see published)
    # the permit and penalty desk
    "view_permit_desk": STAFF,
    "decide_permits": ("permit_officer", "admin"),    # record permit decisions and penalty cases
    # random inspections (双随机)
    "view_draws": STAFF,
    "make_draw": ("admin",),
    "inspect_assigned": ("inspector",),               # the inspector's own list of drawn wharves
    # publication, objections, credit repair
    "review": ("reviewer", "admin"),                  # publish, finalise, decide objections and repair requests
    "read_objection_documents": ("reviewer", "admin", "company"),
    # the company portal
    "use_portal": ("company",),
    "object_and_ask_repair": ("company",),
    # administration
    "administer": ("admin",),                         # API tokens, rule sets and re-rating, learned calibrators
}

# The role the command line acts with: it runs on the server, and whoever can run it administers the system.
OPERATOR_ROLE = "admin"

# Roles whose users see only the objects of their own company.
OWN_COMPANY_ONLY = ("company",)


def may(user: Any, action: str) -> bool:
    """Whether `user` (None or anonymous: no role) may do `action`; an unknown action is a programming error."""
    roles = ACTIONS[action]
    return getattr(user, "role", None) in roles


def roles_for(action: str) -> tuple[str, ...]:
    return ACTIONS[action]


def sees_company(user: Any, company_id: int | None) -> bool:
    """Whether `user` may see an object of company `company_id` (staff: any; a company user: its own only)."""
    role = getattr(user, "role", None)
    if role is None:
        return False
    if role in OWN_COMPANY_ONLY:
        return company_id is not None and company_id == getattr(user, "company_id", None)
    return True


def bound_to_a_company(role: str) -> bool:
    """Whether a user of `role` belongs to one company (and so must name it when created)."""
    return role in OWN_COMPANY_ONLY


def own_company_only(user: Any) -> bool:
    """Whether lists shown to `user` must be narrowed to its own company."""
    return getattr(user, "role", None) in OWN_COMPANY_ONLY


def landing(user: Any) -> str:
    """Where a user starts after signing in: an endpoint name."""
    role = getattr(user, "role", None)
    if role == "company":
        return "portal.index"
    if role == "inspector":
        return "inspect.wharves"
    return "dashboard.index"
