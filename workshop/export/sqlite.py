"""The `sqlite` export: one workshop as a standalone SQLite file, returned as bytes.

store/extract.py makes the copy (online backup API, one consistent state) and cuts it down
to this workshop without secrets; this module only handles the temporary file.
"""

import contextlib
import os
import tempfile

from ..store.extract import copy_workshop


def snapshot(db, workshop_id):
    """The snapshot as bytes (a standalone SQLite file, rollback journal, no WAL)."""
    fd, path = tempfile.mkstemp(suffix=".sqlite")
    os.close(fd)
    try:
        copy_workshop(db, workshop_id, path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path + suffix)
