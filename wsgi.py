"""WSGI entry point: `gunicorn wsgi:app` (workshop serve uses the factory directly)."""

from workshop import create_app

app = create_app()
