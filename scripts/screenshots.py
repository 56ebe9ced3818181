"""`make screenshots`: the main pages of each role at a phone's width (390 px) and a desktop's (1280 px), in Chinese,
written to docs/screenshots/ (PNG, full page). The README shows a few; look at them after changing a page.

A throwaway instance (SQLite in a temporary folder, the demo data, a calibrator trained on simulated wharf-years) is
served on 127.0.0.1 and visited with Debian's chromium through Playwright, as the browser tests do."""
from __future__ import annotations

import secrets
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots-2026"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# role -> (username, [(name, path or a CSS selector of a link to follow from the previous page)])
PAGES: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "public": (None, [("grades", "/grades")]),
    "inspector": ("inspector", [("dashboard", "/dashboard/"), ("wharves", "/wharves"),
                                ("wharf", "main table tbody a[href^='/wharves/']"),
                                ("assessment-form", "a[href$='/assessments/new']")]),
    "permit-officer": ("permit", [("look-up", "/permits/?q=德清"), ("company", "table.companies a[href^='/permits/companies/']"),
                                  ("penalty-form", "/penalties/new")]),
    "reviewer": ("reviewer", [("to-publish", "/review/ratings")]),
    "company": ("company", [("portal", "/portal/"), ("wharf", "a[href^='/portal/wharves/']"),
                            ("rating", "a[href^='/ratings/']")]),
    "admin": ("admin", [("rule-sets", "/admin/rules"), ("calibrators", "/admin/calibrators")]),
}


def build_app(folder: Path):
    from wharf_credit import create_app
    from wharf_credit.extensions import db
    from wharf_credit.rules import rule_store
    from wharf_credit.services.demo import seed

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'shots.sqlite'}", "RULES_DIR": str(ROOT / "rules"),
                      "SECRET_KEY": secrets.token_hex(16), "AUDIT_KEY": secrets.token_hex(32),
                      "AUDIT_CHECKPOINT_FILE": str(folder / "checkpoints.jsonl"),
                      "CALIBRATOR_DIR": str(folder / "calibrators"), "UPLOAD_FOLDER": str(folder / "uploads"),
                      "QUEUE_IMMEDIATE": True, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    for args in (["calibrator", "train", "--simulate", "30000", "--id", "demo-simulated", "--owner", "demo"],
                 ["calibrator", "activate", "demo-simulated"]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"flask {' '.join(args)} failed:\n{result.output}")
    with app.app_context():
        seed(db.session, rule_store().book, wharves=60, password=PASSWORD)
    return app


def visit(page: Page, target: str) -> None:
    if target.startswith("/"):
        page.goto(target)
    else:
        page.locator(target).first.click()
    page.wait_for_load_state("networkidle")


def main() -> int:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not found: run `bash scripts/system-deps.sh`", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wharf-shots-") as tmp:
        app = build_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        written = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                for size, viewport in WIDTHS.items():
                    for role, (username, pages) in PAGES.items():
                        context = browser.new_context(base_url=url, locale="zh-CN", viewport=viewport,
                                                      timezone_id="Asia/Shanghai", is_mobile=size == "phone")
                        page = context.new_page()
                        if username:
                            page.goto("/login")
                            page.fill("#username", username)
                            page.fill("#password", PASSWORD)
                            page.click("#sign-in")
                            page.wait_for_load_state()
                        for name, target in pages:
                            visit(page, target)
                            path = OUT / f"{role}-{name}-{size}.png"
                            page.screenshot(path=str(path), full_page=True)
                            written.append(path)
                        context.close()
                browser.close()
        finally:
            server.shutdown()
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
