"""`workshop restore` against a real running server (issue 12, item 8).

The lock `workshop serve` takes must survive its exec into gunicorn and last as long as the
server does; a restore meanwhile would replace the store under open connections, and a write
the server had acknowledged would vanish.
"""

import datetime
import signal
import sqlite3
import subprocess

from tests.e2e.conftest import WORKSHOP

PASSWORD = "rahasia-bimtek"


def restore_latest(server):
    return subprocess.run(
        [WORKSHOP, "restore", "--latest", "--yes"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def titles(server):
    conn = sqlite3.connect(server.env["WORKSHOP_DATABASE"])
    try:
        return {title for (title,) in conn.execute("SELECT title FROM workshops")}
    finally:
        conn.close()


def test_restore_waits_for_the_server_to_stop(server):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    server.cli("backup")
    # A write the running server acknowledges after the backup.
    fac = server.token("sari", PASSWORD)
    created = server.api(
        "POST",
        "/workshops",
        fac,
        json={"title": "Bimtek", "city": "Kota Bogor", "starts_on": str(datetime.date.today())},
    )
    assert created.status_code == 201, created.text

    refused = restore_latest(server)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "stop `workshop serve` first" in lines[0]
    assert titles(server) == {"Bimtek"}
    listed = server.api("GET", "/workshops", fac).json()["items"]
    assert [w["title"] for w in listed] == ["Bimtek"]  # still served from the same store

    # A crash frees the store too (the kernel drops the lock with the process).
    server.halt(signal.SIGKILL)
    restored = restore_latest(server)
    assert restored.returncode == 0, restored.stderr
    assert titles(server) == set()  # back to the backup, as asked
    server.start()
    assert server.token("sari", PASSWORD)
