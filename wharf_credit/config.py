"""Configuration: defaults < instance/config.py < WHARF_CREDIT_* environment variables < create_app(config)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"


class DefaultConfig:
    SECRET_KEY = DEFAULT_SECRET_KEY
    # "development" (or "testing"); anything else is production, which refuses to start without a strong secret key.
    ENV_NAME = "development"
    # Folder holding one sub-folder per rule-set version (rules/<version>/).
    RULES_DIR = str(ROOT / "rules")
    # Folder of candidate rule sets (one sub-folder each) that /admin/rules can diff and activate into RULES_DIR;
    # default (empty): <instance>/candidates.
    RULES_CANDIDATES_DIR = ""
    # How often (seconds) each process looks for changed files in RULES_DIR and reloads them: this is how every
    # gunicorn worker follows an activation made through one of them. null: never (reload only at start).
    RULES_RECHECK_SECONDS: float | None = 2.0
    # Default UI language.
    BABEL_DEFAULT_LOCALE = "zh_CN"
    # The bureau's time zone: every time on a page is shown in it, with the zone named (stored times are UTC).
    TIMEZONE = "Asia/Shanghai"
    JSON_SORT_KEYS = False
    # SQLAlchemy URL; default: SQLite in instance/ (set in create_app). Production: postgresql+psycopg://...
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Folder for uploaded assessment photos; default (empty): <instance>/uploads.
    UPLOAD_FOLDER = ""
    # Folder of learned-calibrator artefacts and active.json (`flask calibrator`, /admin/calibrators, ratings);
    # default (empty): <instance>/calibrators, except under TESTING, where no calibrator is used unless it is set.
    CALIBRATOR_DIR = ""
    # Where the task queue (huey) keeps its tasks and the state of background jobs, shared by the web workers and the
    # consumer (`huey_consumer wharf_credit.queue.consumer.huey`): empty = an SQLite file <instance>/queue.sqlite3;
    # sqlite:///PATH; production: redis://127.0.0.1:6379/2.
    QUEUE_URL = ""
    # Run every task inline, in the process that queues it, instead of in the consumer (tests).
    QUEUE_IMMEDIATE = False
    # When the task worker performs each periodic duty: a crontab line "minute hour day month weekday" in TIMEZONE;
    # "" turns a duty off. One duty from the environment: WHARF_CREDIT_DUTY_SCHEDULE__finalise="0 3 * * *".
    DUTY_SCHEDULE = {
        "finalise": "10 1 * * *",  # published ratings whose objection window has closed become final
        "reassessment": "20 1 * * *",  # wharves whose assessment ran past the validity flagged (dashboard list)
        "draw_reminder": "0 9 * * 1-5",  # working-day mornings: admins reminded while the quarter's 双随机 draw is due
        "audit_verify": "30 2 * * *",  # the audit chain and every stored rating re-rated (shown on /admin/tasks)
    }
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    LOGIN_RATE_LIMIT = "10 per minute"
    # Where rate-limit counters live. memory:// counts per process, so N gunicorn workers allow N times the limit:
    # production uses Redis (redis://127.0.0.1:6379/1), shared by all workers.
    RATELIMIT_STORAGE_URI = "memory://"
    # Number of reverse proxies in front of the app whose X-Forwarded-For / X-Forwarded-Proto to trust (werkzeug's
    # ProxyFix); 0 = none: the headers are ignored, so a client cannot choose the address it is limited by. Behind
    # one nginx: 1 (otherwise every user shares the proxy's address and its sign-in limit).
    PROXY_FIX_X_FOR = 0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PER_PAGE = 25
    # The key audit entries and checkpoints are signed with; never stored in the database, never changed once used
    # (entries signed with another key fail `audit verify`). AUDIT_KEY (text) wins over AUDIT_KEY_FILE (a file
    # holding it). In development and tests the file (default <instance>/audit.key) is created when missing; in
    # production one of them must be set and exist, preferably outside the instance folder and the backups.
    AUDIT_KEY = ""
    AUDIT_KEY_FILE = ""
    # Signed checkpoints of the audit chain's head (JSON lines; `audit checkpoint`, and each `audit verify`);
    # default <instance>/audit-checkpoints.jsonl. Copy them off the machine too.
    AUDIT_CHECKPOINT_FILE = ""


class ConfigError(RuntimeError):
    """The configuration is unsafe or inconsistent; the app refuses to start."""


def database_url(config: dict, instance_path: str) -> str:
    """WHARF_CREDIT_DATABASE_URL wins; otherwise an SQLite file in the instance folder."""
    url = config.get("DATABASE_URL") or config.get("SQLALCHEMY_DATABASE_URI")
    return url or f"sqlite:///{Path(instance_path) / 'wharf_credit.sqlite'}"


RELAXED_ENVIRONMENTS = ("development", "testing")
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 10
KEY_HINT = 'python3 -c "import secrets; print(secrets.token_hex(32))"'


def environment(config: dict) -> str:
    """ENV_NAME normalised ("Production " -> "production"); TESTING=True counts as "testing". Any name other than
    development/testing ("prod", "staging", a typo) is treated as production."""
    if config.get("TESTING"):
        return "testing"
    return str(config.get("ENV_NAME") or "development").strip().lower()


def secret_key_problem(key: object) -> str | None:
    """Why `key` is not fit to sign production sessions (None when it is)."""
    if not isinstance(key, str | bytes) or not key:
        return "WHARF_CREDIT_SECRET_KEY is not set"
    if key == DEFAULT_SECRET_KEY:
        return "WHARF_CREDIT_SECRET_KEY is the development key"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"WHARF_CREDIT_SECRET_KEY has {len(key)} characters; at least {MIN_SECRET_KEY_LENGTH} are needed"
    if len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        return (f"WHARF_CREDIT_SECRET_KEY uses only {len(set(key))} different characters; "
                f"a random key uses at least {MIN_SECRET_KEY_DISTINCT}")
    return None


def check_config(config: dict) -> None:
    """Refuse configurations that must never run outside development and testing: a missing, default, short or
    repetitive secret key. Outside them, cookies are sent over HTTPS only."""
    env = environment(config)
    if env in RELAXED_ENVIRONMENTS:
        return
    problem = secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        raise ConfigError(f"{problem} (environment {config.get('ENV_NAME')!r} is treated as production). "
                          f"Generate one with: {KEY_HINT}")
    if not config.get("AUDIT_KEY") and not config.get("AUDIT_KEY_FILE"):
        raise ConfigError("set WHARF_CREDIT_AUDIT_KEY_FILE (a file outside the database and its backups holding a "
                          f"random key: {KEY_HINT} > /etc/wharf_credit/audit.key) or WHARF_CREDIT_AUDIT_KEY: "
                          "the audit log is signed with it")
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True


def candidates_dir() -> Path:
    """RULES_CANDIDATES_DIR, else <instance>/candidates (the current app's)."""
    from flask import current_app

    return Path(current_app.config.get("RULES_CANDIDATES_DIR") or Path(current_app.instance_path) / "candidates")


def calibrators_dir() -> Path | None:
    """CALIBRATOR_DIR, else <instance>/calibrators; None under TESTING without an explicit CALIBRATOR_DIR (so a test
    run never picks up a developer's active calibrator) and outside an app context."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return None
    configured = current_app.config.get("CALIBRATOR_DIR")
    if configured:
        return Path(configured)
    if current_app.testing:
        return None
    return Path(current_app.instance_path) / "calibrators"
