"""Sliding-window counters kept in SQLite, so limits hold across restarts and processes."""

import time


def hits(db, key, window_seconds, now=None):
    """How many hits `key` had in the window, and seconds until the oldest one leaves it."""
    now = time.time() if now is None else now
    row = next(
        db.query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_hits WHERE key = ? AND at > ?",
            [key, now - window_seconds],
        )
    )
    retry_after = 0
    if row["n"]:
        retry_after = max(1, int(row["oldest"] + window_seconds - now + 0.999))
    return row["n"], retry_after


def hit(db, key, window_seconds, now=None):
    """Count one hit and drop this key's hits that left the window."""
    now = time.time() if now is None else now
    with db.atomic():
        db.execute("DELETE FROM rate_hits WHERE key = ? AND at <= ?", [key, now - window_seconds])
        db.execute("INSERT INTO rate_hits (key, at) VALUES (?, ?)", [key, now])


def clear(db, key):
    """Forget a key's hits (e.g. after a successful login)."""
    db.execute("DELETE FROM rate_hits WHERE key = ?", [key])
