"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""
from wharf_credit import create_app

app = create_app()
