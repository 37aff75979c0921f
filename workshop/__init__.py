"""Rembuk: live facilitation for Smart City masterplan workshops, on a LAN."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from .export.sqlite import clean_leftovers


class SQLiteInteger(IntegerConverter):
    """<int:...> that only matches values SQLite can store (else 404, not a crash)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


# templates/ and static/ sit beside the package, at the top of the project.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the app: config → db → i18n → security → auth → realtime → blueprints."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "WORKSHOP_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from . import (
        auth,
        backup,
        cli,
        config,
        db,
        errors,
        i18n,
        lan,
        live_results,
        realtime,
        security,
        templating,
    )
    from .views import api, facilitator, main, participant, projector

    # Ids in URLs fit SQLite's 64-bit integers; anything longer is simply not found.
    app.url_map.converters["int"] = SQLiteInteger
    config.configure(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    clean_leftovers(app.instance_path)  # copies an interrupted `sqlite` export left behind
    app.config.setdefault("LAN_ADDRESSES", lan.lan_addresses())
    db.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    templating.init_app(app)
    realtime.init_app(app)
    live_results.init_app(app)
    backup.init_app(app)
    cli.init_app(app)
    for module in (main, api, facilitator, participant, projector):
        app.register_blueprint(module.bp)
    if app.config.get("AUTO_MIGRATE", True):
        db.init_db(app)
    return app
