"""WSGI entry point: `gunicorn wsgi:app`, or `flask --app wsgi ...` from the repository root."""

from casemgmt import create_app

app = create_app()
