"""What every page shares: the head of the layout."""
from __future__ import annotations

import re


def test_every_page_names_an_icon_that_is_served(client):
    for url in ("/", "/login", "/no-such-page"):
        page = client.get(url).get_data(as_text=True)
        icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', page)
        assert icon, f"{url} names no icon"
        served = client.get(icon.group(1))
        assert served.status_code == 200 and served.mimetype == "image/svg+xml"
        assert b"<svg" in served.data
