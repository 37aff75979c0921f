"""Group commit under gevent (workshop/group_commit.py), in a child process.

The server's gevent worker monkey-patches the standard library; the test suite must not, so
the greenlets run in a child Python that patches itself, writes through the app's own
connections and prints what it saw.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import json, sqlite3, sys
    import gevent
    from workshop import create_app
    from workshop.db import open_app_db

    folder = sys.argv[1]
    app = create_app(
        {
            "TESTING": True,
            "ASYNC_MODE": "gevent",
            "DATABASE": folder + "/s.db",
            "INSTANCE_PATH": folder + "/instance",
            "LAN_ADDRESSES": ["192.0.2.10"],
        }
    )
    setup = open_app_db(app)
    setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    group = app.extensions["rembuk_group_commit"]
    acknowledged, refused, not_visible = [], [], []

    def writer(i):
        db = open_app_db(app)
        try:
            with db.atomic():
                (n,) = db.execute("SELECT n FROM counter WHERE id = 1").fetchone()
                gevent.sleep(0)  # others queue meanwhile: they must wait, not interleave
                db.execute("UPDATE counter SET n = ? WHERE id = 1", [n + 1])
                with db.atomic():  # nested: a savepoint
                    db.execute("INSERT INTO counter (n) VALUES (?)", [-i])
                if i % 7 == 0:
                    raise ValueError("refused")
            acknowledged.append(i)
            # After the block the write is committed: another connection sees it.
            other = sqlite3.connect(folder + "/s.db")
            seen = other.execute("SELECT COUNT(*) FROM counter WHERE n = ?", [-i]).fetchone()
            other.close()
            if seen != (1,):
                not_visible.append(i)
        except ValueError:
            refused.append(i)
        finally:
            db.close()

    def lone(i):
        db = open_app_db(app)
        db.execute("INSERT INTO counter (n) VALUES (?)", [1000 + i])  # no atomic(): one too
        db.close()

    before = (group.commits, group.blocks)  # the store's own setup wrote too
    gevent.joinall([gevent.spawn(writer, i) for i in range(200)])
    gevent.joinall([gevent.spawn(lone, i) for i in range(50)])
    # Nothing holds the write lock now: another connection writes at once.
    other = sqlite3.connect(folder + "/s.db", timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.rollback()
    check = sqlite3.connect(folder + "/s.db")
    (count,) = check.execute("SELECT n FROM counter WHERE id = 1").fetchone()
    rows = check.execute("SELECT COUNT(*) FROM counter WHERE n <= 0 AND id > 1").fetchone()[0]
    lones = check.execute("SELECT COUNT(*) FROM counter WHERE n >= 1000").fetchone()[0]
    print(json.dumps({
        "acknowledged": len(acknowledged), "refused": len(refused), "counter": count,
        "not_visible": not_visible,
        "rows": rows, "lone": lones, "commits": group.commits - before[0],
        "blocks": group.blocks - before[1],
    }))
    """
)


def test_group_commit_keeps_every_acknowledged_write_once(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    refused = len([i for i in range(200) if i % 7 == 0])
    assert seen["refused"] == refused
    assert seen["acknowledged"] == 200 - refused
    assert seen["not_visible"] == []  # acknowledged = committed
    # Each acknowledged block incremented once and inserted its row; refused ones nothing.
    assert seen["counter"] == seen["acknowledged"]
    assert seen["rows"] == seen["acknowledged"]
    assert seen["lone"] == 50
    # Blocks were grouped: fewer commits than blocks (they queued behind each commit).
    assert seen["blocks"] == seen["acknowledged"] + 50
    assert seen["commits"] < seen["blocks"]
