"""All SQL lives here: plain functions taking the connection first and returning dicts."""

import datetime

from sqlite_utils.utils import dedupe_keys

# Statements read straight from the connection (first, rows): sqlite-utils' query() wraps
# every statement in SAVEPOINT … RELEASE (a guard for statements that return no rows), which
# for a read outside a transaction opens and ends a transaction around it: two extra
# statements and a WAL snapshot taken twice, on every read (issue 13, docs/performance.md).
READ_KEYWORDS = ("SELECT", "WITH")


class NotFound(LookupError):
    """A get_x found nothing (mapped to 404 by the views)."""


class Conflict(RuntimeError):
    """The object is in a state that forbids the change (mapped to 409)."""


class InUse(Conflict):
    """Refused because other rows still refer to the object; `uses` counts them by kind."""

    def __init__(self, code, **uses):
        super().__init__(code)
        self.uses = uses


def utcnow():
    """ISO 8601 UTC timestamp, second precision, as the API promises."""
    return (
        datetime.datetime.now(datetime.UTC)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z")
    )


def _reads(sql):
    return sql.lstrip()[:6].upper().startswith(READ_KEYWORDS)


def first(db, sql, params=()):
    """The first row of a query, or None."""
    if not _reads(sql):
        return next(db.query(sql, params), None)
    cursor = db.conn.execute(sql, params)
    try:
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip(dedupe_keys(d[0] for d in cursor.description), row, strict=True))
    finally:
        cursor.close()


def rows(db, sql, params=()):
    """Every row of a read (SELECT) as a list of dicts, like list(db.query(...))."""
    if not _reads(sql):
        return list(db.query(sql, params))
    cursor = db.conn.execute(sql, params)
    try:
        keys = dedupe_keys(d[0] for d in cursor.description)
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    finally:
        cursor.close()
