"""The `sqlite` export: one workshop as a standalone SQLite file, returned as bytes.

store/extract.py makes the copy (only this workshop's rows, secrets replaced); this module
handles its file. The file is built inside the instance folder (`exports/`, readable by the
server's user only), never in the shared system temp folder, and removed once read; a copy
left behind by a killed export is removed at the next start (`clean_leftovers`).
"""

import contextlib
import os
import tempfile
from pathlib import Path

from flask import current_app

from ..store.extract import copy_workshop

FOLDER = "exports"
PREFIX = "snapshot-"
# Files an export child (export/child.py) renders into, for the server to stream back.
RENDER_PREFIX = "render-"


def work_folder(instance_path):
    """instance/exports, created 0700."""
    folder = Path(instance_path) / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def snapshot(db, workshop_id, instance_path=None):
    """The snapshot as bytes (a standalone SQLite file, rollback journal, no WAL)."""
    folder = work_folder(instance_path or current_app.instance_path)
    # The writer's pid in the name: clean_leftovers keeps files of processes still running.
    fd, path = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        copy_workshop(db, workshop_id, path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        remove(path)


def remove(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(path) + suffix)


def running(pid):
    """True when a process with this pid exists (another server sharing the folder)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(instance_path):
    """Remove snapshot and rendered files an interrupted export left in the instance folder."""
    folder = Path(instance_path) / FOLDER
    if not folder.is_dir():
        return 0
    removed = 0
    for prefix in (PREFIX, RENDER_PREFIX):
        for path in folder.glob(prefix + "*"):
            pid = path.name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and running(int(pid)):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed
