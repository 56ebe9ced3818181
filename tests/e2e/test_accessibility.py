"""axe-core (axe-playwright-python, bundled, offline) on every kind of page each role reaches from its menu, in
Chinese: no critical or serious violation (issue 25, item 7)."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from .test_phone_layout import USERS, pages_of, signed_in

pytestmark = pytest.mark.e2e
BLOCKING = ("critical", "serious")


@pytest.mark.parametrize("role", list(USERS))
def test_no_page_has_a_critical_or_serious_accessibility_violation(browser: Browser, live_server, role):
    page = signed_in(browser, live_server, role)
    page.set_viewport_size({"width": 1280, "height": 900})
    paths = pages_of(page, role)
    axe = Axe()
    problems = []
    for path in paths:
        page.goto(path)
        result = axe.run(page)
        assert result.response["passes"], f"axe checked nothing on {path}"  # it ran (a CSP could stop it)
        for v in result.response["violations"]:
            if v["impact"] in BLOCKING:
                targets = [n["target"][0] for n in v["nodes"][:3]]
                problems.append(f"{path}: {v['id']} ({v['impact']}, {len(v['nodes'])}×) {targets}")
            elif v["id"] == "empty-table-header":  # minor for axe, but a screen reader announces nothing there
                problems.append(f"{path}: empty table header {[n['target'][0] for n in v['nodes'][:3]]}")
    page.context.close()
    assert not problems, f"{role}, {len(paths)} pages:\n" + "\n".join(problems)
