"""All SQL lives here: plain functions taking the connection first and returning dicts."""

import datetime


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


def first(db, sql, params=()):
    """The first row of a query, or None."""
    return next(db.query(sql, params), None)
