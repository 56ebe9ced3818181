"""Every page a role may open is reachable from that role's menu, by following links (issue 25, item 2).

The pages each role may open come from the authorisation matrix (a GET that answers 200 to the role); the crawl
starts where the role lands after signing in and follows every same-site link on every page it reaches."""
from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from .conftest import client_for
from .conftest import ROLES
from .test_authz_matrix import matrix

# Not pages of the menu: machine endpoints, files served from a page that shows them, and admin pages that only
# exist for an object the world of these tests does not have (a running job, a candidate rule set).
NOT_PAGES = {
    "public.health": "health check for monitoring",
    "api-docs.openapi_json": "the OpenAPI document (linked from the API docs page as a download)",
    "inspect.photo": "an assessment's photo, shown on the assessment page (the world has no photo)",
    "admin.job": "a re-rating job's page, reached from the form that starts it",
    "admin.candidate_diff": "a candidate rule set's what-if, listed on the rules page when one exists",
    # offered where they belong only while the action is open (tests/e2e/test_review_journeys.py follows the link)
    "portal.objection": "objecting: a button on a published rating's page while its objection window is open",
    "portal.repair": "asking for repair: a button on the company's events page once an event may be repaired",
}
SKIP = re.compile(r"^/(static|api/v1/(?!docs))|[?&](lang|format)=|/logout$")
HREF = re.compile(r'href="([^"]+)"')


def reachable(app, client, start: str, limit: int = 600, pages: dict[str, str] | None = None) -> set[str]:
    """The endpoints reached from `start` by links; `pages` (if given) collects each HTML page's text by URL."""
    adapter = app.url_map.bind("localhost")
    seen: set[str] = set()
    endpoints: set[str] = set()
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        try:
            endpoints.add(adapter.match(urlsplit(url).path, method="GET")[0])
        except HTTPException:
            continue
        if "html" not in response.content_type:
            continue
        if pages is not None:
            pages[url] = response.get_data(as_text=True)
        for href in HREF.findall(response.get_data(as_text=True)):
            href = urldefrag(unescape(href))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            if href not in seen:
                queue.append(href)
    return endpoints


@pytest.mark.parametrize("role", [r for r in ROLES])
def test_every_page_a_role_may_open_is_reached_from_its_menu(app, world, role):
    _, users = world
    client = client_for(app, users, role)
    start = client.get("/login").headers.get("Location", "/") if role != "anonymous" else "/"
    reached = reachable(app, client, start)
    allowed = {endpoint for endpoint, checks in matrix(app).items()
               for check, cells in checks.items()
               if check.startswith("GET") and cells[ROLES.index(role)] == 200
               and not endpoint.startswith("api.") and endpoint not in NOT_PAGES}
    assert allowed - reached == set(), f"{role} cannot reach: {sorted(allowed - reached)}"
