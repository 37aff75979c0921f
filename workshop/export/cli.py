"""`workshop export WORKSHOP_ID --format F --out PATH` and `workshop import-json FILE`."""

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import immediate, open_app_db
from ..store import NotFound, accounts, workshops
from . import FORMATS, export_workshop
from .importer import import_workshop
from .jsondump import ImportError_, load


@click.command("export")
@click.argument("workshop_id", type=int)
@click.option(
    "--format", "fmt", required=True, type=click.Choice(list(FORMATS)), help="What to write."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=True, path_type=Path),
    help="File or folder to write to ('-': standard output). Default: the usual file name here.",
)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@with_appcontext
def export_command(workshop_id, fmt, out, lang):
    """Export a workshop: the Draf Masterplan (docx, pdf, md) or its raw data."""
    db = open_app_db(current_app)
    try:
        body, _media, filename = export_workshop(db, workshop_id, fmt, lang=lang)
    except NotFound as e:
        raise click.ClickException(f"no workshop {workshop_id} on this server") from e
    finally:
        db.close()
    if out is not None and str(out) == "-":
        sys.stdout.buffer.write(body)
        return
    target = out or Path(filename)
    if target.is_dir():
        target = target / filename
    target.write_bytes(body)
    click.echo(f"Wrote {target} ({len(body):,} bytes)", err=True)


@click.command("import-json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--facilitator",
    "username",
    help="Account here that runs the imported workshop (besides those named in the file).",
)
@with_appcontext
def import_command(file, username):
    """Restore a workshop from a JSON export (new ids, new join code and projector key)."""
    try:
        data = load(file.read_bytes())
    except ImportError_ as e:
        raise click.ClickException(f"{file}: {e}") from e
    db = open_app_db(current_app)
    try:
        actor = None
        if username:
            account = accounts.find_facilitator_by_username(db, username)
            if account is None:
                raise click.ClickException(f"no facilitator account {username!r} on this server")
            actor = account["id"]
        try:
            with immediate(db):
                workshop_id, report = import_workshop(db, data, actor_id=actor)
        except (KeyError, TypeError, ValueError, sqlite3.Error) as e:
            message = f"{file}: the export is incomplete or damaged ({e!r}); nothing was imported"
            raise click.ClickException(message) from e
        workshop = workshops.get_workshop(db, workshop_id)
    finally:
        db.close()
    click.echo(f"Imported {workshop['title']!r} as workshop {workshop_id}.")
    click.echo(f"Join code: {workshop['code']} (participants join again on this server).")
    if report["linked"]:
        click.echo(f"Facilitators: {', '.join(report['linked'])}")
    if report["unknown"]:
        click.echo(
            "Not found on this server (their records are kept without the link): "
            + ", ".join(report["unknown"])
        )
    if not report["linked"] and not username:
        click.echo("Nobody runs it yet: only admins see it. Use --facilitator USERNAME next time.")


def init_app(app):
    """Register the commands on app.cli."""
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
