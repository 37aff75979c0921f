"""Operator traps (issue 12, item 8): restore under a running server or from a wrong file,
a store file that cannot work, and a proxy setting that a direct client could abuse."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.backup import exclusive_store
from workshop.store import accounts

PROJECT = Path(__file__).resolve().parents[1]
PASSWORD = "rahasia-bimtek"


def cli_env(app):
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(PROJECT),
        WORKSHOP_DATABASE=app.config["DATABASE"],
        WORKSHOP_INSTANCE_PATH=app.instance_path,
        WORKSHOP_LAN_ADDRESSES='["192.0.2.10"]',
    )
    return env


def run_cli(app, *args, prefix=(), timeout=30):
    """`workshop ARGS` in its own process (group); a server that starts is ended at timeout."""
    process = subprocess.Popen(
        [*prefix, sys.executable, "-c", "from workshop.cli import main; main()", *args],
        env=cli_env(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"`workshop {' '.join(args)}` kept running (it started a server):\n{err}")
    return process.returncode, out, err


def one_line_error(text):
    """The message of a refusal that is one line, without a traceback."""
    lines = text.strip().splitlines()
    assert "Traceback" not in text, text
    assert len(lines) == 1, text
    assert lines[0].startswith("Error: "), text
    return lines[0]


def count_facilitators(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM facilitators").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def no_exec(monkeypatch):
    """`serve` ends in os.execve (gunicorn): record the call instead of replacing the test."""
    calls = []

    def fake_execve(path, argv, env):
        calls.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", fake_execve)
    return calls


# --- restore -------------------------------------------------------------------------


def test_restore_refuses_while_serve_holds_the_store(app, runner, db, monkeypatch):
    accounts.create_facilitator(db, "sari", PASSWORD)
    assert runner.invoke(args=["backup"]).exit_code == 0
    accounts.create_facilitator(db, "budi", PASSWORD)  # acknowledged after the backup
    seen = {}

    def restore_while_serving(path, argv, env):
        # `serve` has done everything but become gunicorn: another operator restores now.
        seen["restore"] = run_cli(app, "restore", "--latest", "--yes")
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", restore_while_serving)
    assert runner.invoke(args=["serve", "--port", "8999"]).exit_code == 0
    code, out, err = seen["restore"]
    assert code == 1, out + err
    line = one_line_error(err)
    assert "stop `workshop serve` first" in line
    assert count_facilitators(app.config["DATABASE"]) == 2  # budi's write is still there
    # The server is gone (here: `serve` returned): now the restore goes through.
    code, out, err = run_cli(app, "restore", "--latest", "--yes")
    assert code == 0, err
    assert count_facilitators(app.config["DATABASE"]) == 1


def test_serve_does_not_start_during_a_restore(app, runner, no_exec):
    with exclusive_store(app.config["DATABASE"]):
        result = runner.invoke(args=["serve"])
    assert result.exit_code == 1
    assert "a restore is replacing" in one_line_error(result.output)
    assert no_exec == []


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda c: c.execute("CREATE TABLE notes (body TEXT)"), "not a Rembuk store"),
        (  # looks like a store, but its schema history is not Rembuk's
            lambda c: c.executescript(
                "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT,"
                " name TEXT, applied_at TEXT);"
                "INSERT INTO _sqlite_migrations VALUES (1, 'other', 'm001', '');"
                "CREATE TABLE facilitators (id); CREATE TABLE workshops (id);"
                "CREATE TABLE participants (id);"
            ),
            "not a Rembuk store",
        ),
    ],
)
def test_restore_refuses_a_sqlite_file_that_is_not_a_rembuk_store(
    app, runner, db, tmp_path, make, reason
):
    accounts.create_facilitator(db, "sari", PASSWORD)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    make(conn)
    conn.commit()
    conn.close()
    result = runner.invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code == 1, result.output
    assert reason in one_line_error(result.output)
    assert count_facilitators(app.config["DATABASE"]) == 1


def test_restore_refuses_a_store_from_a_newer_rembuk(app, runner, db):
    accounts.create_facilitator(db, "sari", PASSWORD)
    backup = Path(runner.invoke(args=["backup"]).output.split(": ", 1)[1].strip())
    conn = sqlite3.connect(backup)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('rembuk', 'm999_from_the_future', '')"
    )
    conn.commit()
    conn.close()
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 1
    assert "newer Rembuk" in one_line_error(result.output)


def test_restore_repairs_a_damaged_store_and_keeps_it_aside(app, runner, db):
    accounts.create_facilitator(db, "sari", PASSWORD)
    assert runner.invoke(args=["backup"]).exit_code == 0
    db.close()
    store = Path(app.config["DATABASE"])
    store.write_bytes(os.urandom(4096))
    code, out, err = run_cli(app, "restore", "--latest", "--yes")
    assert code == 0, err
    assert count_facilitators(store) == 1
    saved = Path(out.split("saved as ")[1].strip())
    assert saved.stat().st_size == 4096  # the damaged file, kept as it was


# --- a store file that cannot work ---------------------------------------------------


def damage(store, how):
    store = Path(store)
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    if how == "empty":
        store.write_bytes(b"")
    elif how == "corrupt":
        store.write_bytes(os.urandom(8192))


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("empty", "is empty (0 bytes)"),
        ("corrupt", "is not a SQLite database"),
    ],
)
@pytest.mark.parametrize("command", ["init", "serve"])
def test_unusable_store_is_refused_in_one_line(app, runner, no_exec, command, how, says):
    damage(app.config["DATABASE"], how)
    result = runner.invoke(args=[command])
    assert result.exit_code == 1, result.output
    line = one_line_error(result.output)
    assert says in line and "workshop restore --latest" in line
    assert no_exec == []  # no server started on it
    if how == "empty":
        assert Path(app.config["DATABASE"]).stat().st_size == 0  # not made a new store


@pytest.mark.parametrize("command", ["init", "serve"])
def test_missing_folder_is_refused_in_one_line(app, runner, no_exec, tmp_path, command):
    app.config["DATABASE"] = str(tmp_path / "gone" / "sessions.db")
    result = runner.invoke(args=[command])
    assert result.exit_code == 1
    assert "does not exist" in one_line_error(result.output)


def test_the_real_command_refuses_a_corrupt_store_in_one_line(app):
    damage(app.config["DATABASE"], "corrupt")
    for command in ("init", "serve", "facilitator"):
        code, out, err = run_cli(app, command, *(["list"] if command == "facilitator" else []))
        assert code == 1
        assert "is not a SQLite database" in one_line_error(err)


def read_only_prefix(app):
    """Make the store read-only for the command that runs next, for real."""
    os.chmod(app.config["DATABASE"], 0o444)
    if os.geteuid() != 0:
        return ()
    # root writes through file modes: run the command without the capabilities to do so.
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file read-only for root")
    return (setpriv, "--bounding-set=-dac_override,-fowner")


@pytest.mark.parametrize("command", ["init", "serve"])
def test_read_only_store_is_refused_in_one_line(app, command):
    prefix = read_only_prefix(app)
    args = ["serve", "--host", "127.0.0.1", "--port", "8997"] if command == "serve" else [command]
    code, out, err = run_cli(app, *args, prefix=prefix, timeout=20)
    assert code == 1, out + err
    line = one_line_error(err)
    assert "is read-only" in line and "make it writable" in line


# --- behind a proxy ------------------------------------------------------------------


def bind_of(argv):
    return argv[argv.index("--bind") + 1]


def test_serve_binds_loopback_when_a_proxy_is_configured(app, runner, no_exec):
    app.config["PROXY_COUNT"] = 1
    result = runner.invoke(args=["serve", "--port", "8001"])
    assert result.exit_code == 0, result.output
    assert bind_of(no_exec[0]) == "127.0.0.1:8001"
    assert "listening on 127.0.0.1 only" in result.output
    assert "http://192.0.2.10:8001" not in result.output  # not reachable from the hall


def test_serve_listens_where_told_even_behind_a_proxy_and_warns(app, runner, no_exec):
    app.config["PROXY_COUNT"] = 1
    result = runner.invoke(args=["serve", "--host", "0.0.0.0", "--port", "8001"])  # noqa: S104
    assert bind_of(no_exec[0]) == "0.0.0.0:8001"
    assert "can forge X-Forwarded-For" in result.output


def test_serve_without_a_proxy_still_listens_on_the_lan(app, runner, no_exec):
    result = runner.invoke(args=["serve"])
    assert bind_of(no_exec[0]) == "0.0.0.0:8000"
    assert "in the hall: http://192.0.2.10:8000" in result.output
