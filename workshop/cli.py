"""The `workshop` command: thin wrappers over the Python functions."""

import os
import resource
import secrets
import sqlite3
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from .backup import (
    ServerRunning,
    check_no_server,
    hold_serve_lock,
    list_backups,
    make_backup,
    restore,
    store_problem,
)
from .db import StoreProblem, check_store, init_db, open_app_db
from .demo import seed_demo
from .export import cli as export_cli
from .lan import base_urls
from .store import accounts

# Connections the gevent worker holds at once (`--worker-connections`): per client its
# websocket and, usually, one kept-alive HTTP connection of the same page, plus headroom for
# facilitators, projectors and requests in passing. Beyond it new connections wait in the
# listen backlog until one closes.
CONNECTIONS_PER_CLIENT = 2
CONNECTION_HEADROOM = 100
# File descriptors beyond the connections: the pooled store connections (db.POOL_SIZE, ~3
# each: the store, its WAL and index), logs, pipes.
FD_HEADROOM = 1024
MIN_PASSWORD = 8
# Where `serve` listens: every interface (the hall reaches the laptop over the LAN), or only
# this machine when a reverse proxy is configured (it alone may set X-Forwarded-For).
ALL_INTERFACES = "0.0.0.0"  # noqa: S104
LOOPBACK = "127.0.0.1"
# Commands that must start even when the store cannot be used: `restore` repairs it, and the
# command list (`workshop --help`) should still show.
REPAIR_COMMANDS = ("restore", None)


class RembukGroup(FlaskGroup):
    """FlaskGroup that remembers which command is being loaded (make_app reads it)."""

    def get_command(self, ctx, name):
        ctx.meta["rembuk.command"] = name
        return super().get_command(ctx, name)


def make_app():
    """Factory used by the CLI (FlaskGroup passes no arguments).

    A store that cannot be used stops every command with one line (StoreProblem), except
    the ones in REPAIR_COMMANDS, which get the app without touching the store.
    """
    from . import create_app  # here, not on top: the package imports this module

    try:
        return create_app()
    except StoreProblem:
        ctx = click.get_current_context(silent=True)
        if ctx is None or ctx.meta.get("rembuk.command") not in REPAIR_COMMANDS:
            raise
        return create_app({"AUTO_MIGRATE": False})


@click.group(cls=RembukGroup, create_app=make_app, add_default_commands=False)
def main():
    """Rembuk: live facilitation for Smart City masterplan workshops."""


def validate_username(username):
    """What the CLI accepts as a username (lowercase letters, digits, . _ -)."""
    username = username.strip().lower()
    if not username or len(username) > 64 or set(username) - accounts.USERNAME_CHARS:
        raise click.BadParameter("use 1–64 of a–z, 0–9, '.', '_' and '-'", param_hint="USERNAME")
    return username


@click.group()
def facilitator():
    """Manage facilitator accounts."""


@facilitator.command("add")
@click.argument("username")
@click.option("--password", help="Leave out to be asked (not echoed).")
@click.option("--admin", is_flag=True, help="Sees and manages every workshop on this server.")
@click.option(
    "--viewer",
    is_flag=True,
    help="A read-only account (Dewan Smart City): reads the workshops it is added to.",
)
@with_appcontext
def facilitator_add(username, password, admin, viewer):
    """Create a facilitator account (or, with --viewer, a read-only one)."""
    if admin and viewer:
        raise click.UsageError("an account is either --admin or --viewer")
    username = validate_username(username)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"at least {MIN_PASSWORD} characters", param_hint="--password")
    db = open_app_db(current_app)
    try:
        account = accounts.create_facilitator(
            db, username, password, is_admin=admin, role="viewer" if viewer else "facilitator"
        )
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    finally:
        db.close()
    role = "admin" if account["is_admin"] else account["role"]
    click.echo(f"Created {role} {account['username']}.")


@facilitator.command("list")
@with_appcontext
def facilitator_list():
    """List facilitator accounts."""
    db = open_app_db(current_app)
    try:
        for account in accounts.list_facilitators(db):
            flag = " (admin)" if account["is_admin"] else ""
            flag += " (viewer)" if account["role"] == "viewer" else ""
            click.echo(f"{account['username']}{flag}")
    finally:
        db.close()


@click.command()
@with_appcontext
def demo():
    """Seed a demo workshop and a `demo` facilitator with a fresh password (printed)."""
    password = secrets.token_urlsafe(9)
    db = open_app_db(current_app)
    try:
        workshop = seed_demo(db, password)
    finally:
        db.close()
    click.echo(f"Demo workshop: {workshop['title']} (join code {workshop['code']})")
    click.echo(
        "Facilitator login: username demo (Dewan Smart City, read-only: username dewan),"
        f" password {password}"
    )


def listen_address(host, proxy_count):
    """The address to bind, and a line for the operator saying why (or a warning)."""
    if host is None and proxy_count:
        return LOOPBACK, (
            f"listening on {LOOPBACK} only: WORKSHOP_PROXY_COUNT={proxy_count} trusts "
            "X-Forwarded-For, so only the proxy on this machine may reach this port "
            "(--host 0.0.0.0 to listen on the LAN anyway)"
        )
    host = host or ALL_INTERFACES
    if proxy_count and host not in (LOOPBACK, "localhost", "::1"):
        return host, (
            f"warning: listening on {host} with WORKSHOP_PROXY_COUNT={proxy_count}: a device "
            "that reaches this port directly can forge X-Forwarded-For and skip rate limits"
        )
    return host, None


@click.command()
@click.option(
    "--host",
    default=None,
    help=f"Address to listen on [default: {ALL_INTERFACES}, or {LOOPBACK} "
    "when WORKSHOP_PROXY_COUNT is set].",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--max-clients",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 20000),
    help="Participants, projectors and consoles connected at once (sizes gunicorn's "
    "worker connections: 2 per client + 100). One process holds 1,000 on a 2-core laptop "
    "with every target met, vote storm included (README, Capacity); 2,000 are held with "
    "slower answers; beyond that, add processes over Redis.",
)
@click.option(
    "--certfile",
    type=click.Path(exists=True, dir_okay=False),
    help="Serve HTTPS with this certificate (PEM; with --keyfile). Phones keep the "
    "participant pages offline only over HTTPS with a certificate they trust, or on localhost.",
)
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="Its private key.")
@with_appcontext
def serve(host, port, max_clients, certfile, keyfile):
    """Run the server (gunicorn, one gevent worker) and print the address for the hall."""
    if bool(certfile) != bool(keyfile):
        raise click.UsageError("--certfile and --keyfile go together.")
    app = current_app
    check_store(app.config["DATABASE"])  # a missing folder, before the lock file goes there
    # Taken before the store is touched, and held (shared) by gunicorn's master and worker
    # for their whole life, so that `workshop restore` can tell a server uses this store.
    lock = None
    if app.config["DATABASE"] != ":memory:":
        try:
            lock = hold_serve_lock(app.config["DATABASE"])
        except ServerRunning as e:
            raise click.ClickException(str(e)) from e
    try:
        start_server(app, host, port, max_clients, tls=(certfile, keyfile) if certfile else None)
    finally:
        if lock is not None:
            os.close(lock)  # only reached when the server did not start


def start_server(app, host, port, max_clients, tls=None):
    """Print the addresses and replace this process with gunicorn (HTTPS when `tls` is
    (certfile, keyfile))."""
    init_db(app)
    proxy_count = int(app.config.get("PROXY_COUNT") or 0)
    host, note = listen_address(host, proxy_count)
    connections = worker_connections(max_clients)
    raise_fd_limit(connections + FD_HEADROOM)
    env = dict(os.environ)
    env.update(
        WORKSHOP_DATABASE=app.config["DATABASE"],
        WORKSHOP_INSTANCE_PATH=app.instance_path,
        WORKSHOP_PORT=str(port),
        # The worker below is gevent's: Socket.IO and the store must know (realtime, db).
        WORKSHOP_ASYNC_MODE="gevent",
    )
    scheme = "https" if tls else "http"
    urls = base_urls({**app.config, "PORT": port}, scheme=scheme)
    if proxy_count and host == LOOPBACK and not app.config.get("PUBLIC_URL"):
        urls = ["through the proxy (set WORKSHOP_PUBLIC_URL to the address people type)"]
    click.echo("Rembuk")
    click.echo(f"  store: {app.config['DATABASE']}")
    if note:
        click.echo(f"  {note}")
    for url in urls:
        click.echo(f"  in the hall: {url}")
    click.echo(f"  on this machine: {scheme}://localhost:{port}")
    if tls and not app.config.get("PUBLIC_URL"):
        click.echo(
            "  set WORKSHOP_PUBLIC_URL to the name in the certificate (join screens, QR codes)"
        )
    sys.stdout.flush()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "workshop.hall_worker.HallGeventWorker",
        "--workers",
        "1",
        "--worker-connections",
        str(connections),
        "--no-control-socket",
        "--bind",
        f"{host}:{port}",
        "--graceful-timeout",
        "5",
        *(
            ["--certfile", os.path.abspath(tls[0]), "--keyfile", os.path.abspath(tls[1])]
            if tls
            else []
        ),
        "--config",
        "python:workshop.gunicorn_conf",
        "workshop:create_app()",
    ]
    # Replace this process, so signals (Ctrl-C, kill) reach gunicorn directly.
    os.execve(sys.executable, argv, env)  # noqa: S606


def worker_connections(max_clients):
    """gunicorn's --worker-connections for this many clients."""
    return CONNECTIONS_PER_CLIENT * max_clients + CONNECTION_HEADROOM


def raise_fd_limit(wanted):
    """Let the server open `wanted` files (every connection is one): raise the soft limit
    (often 1,024) up to the hard one, and say so when even that is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= wanted:
        return
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        click.echo(
            f"  warning: this system allows {target} open files, fewer than the {wanted} "
            "--max-clients needs; lower --max-clients or raise `ulimit -n`",
            err=True,
        )


@click.command("backup")
@with_appcontext
def backup_command():
    """Write an online backup of the store into the instance folder now."""
    click.echo(f"Backup written: {make_backup(current_app)}")


@click.command("restore")
@click.argument("backup_file", required=False, type=click.Path(dir_okay=False))
@click.option("--latest", is_flag=True, help="Restore the newest backup in the instance folder.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(backup_file, latest, yes):
    """Replace the store with a backup (stop the server first; the current store is kept)."""
    if latest:
        backups = list_backups(current_app)
        if not backups:
            raise click.ClickException("no backups in the instance folder")
        backup_file = str(backups[0])
    if not backup_file:
        raise click.UsageError("give a BACKUP_FILE or --latest")
    database = current_app.config["DATABASE"]
    # Refuse before asking: a running server, or a file that is not a Rembuk store.
    problem = store_problem(backup_file)
    if problem:
        raise click.ClickException(f"{problem}; the store was not changed")
    try:
        check_no_server(database)
    except ServerRunning as e:
        raise click.ClickException(str(e)) from e
    if not yes:
        click.confirm(f"Replace {database} with {backup_file}?", abort=True)
    try:
        saved = restore(current_app, backup_file)
    except ValueError as e:  # ServerRunning included: a server started meanwhile
        raise click.ClickException(str(e)) from e
    except (OSError, sqlite3.Error) as e:
        raise click.ClickException(f"restoring {backup_file} failed ({e})") from e
    click.echo(f"Restored {backup_file}; the previous store was saved as {saved}")


def init_app(app):
    """Put the commands on app.cli, where both `workshop` and the test runner find them."""
    for command in (facilitator, demo, serve, backup_command, restore_command):
        app.cli.add_command(command)
    export_cli.init_app(app)  # `workshop export`, `workshop import-json`
