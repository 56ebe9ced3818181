"""Error pages tell the user what happened and what to do, in the page's language, for every status we raise."""
from __future__ import annotations


def test_a_wrong_method_explains_itself_and_keeps_the_allow_header(client):
    page = client.post("/grades?lang=en")
    assert page.status_code == 405
    assert "GET" in page.headers["Allow"]
    assert "does not take that kind of request" in page.get_data(as_text=True)


def test_a_too_large_upload_names_the_limit(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    page = client.post("/login?lang=en", data={"username": "x" * (3 * 1024 * 1024), "password": "y"})
    assert page.status_code == 413
    assert "at most 2 MB per request" in page.get_data(as_text=True)


def test_error_pages_speak_chinese_by_default(client):
    page = client.post("/grades")
    assert page.status_code == 405
    assert "请使用页面上的链接和按钮" in page.get_data(as_text=True)
