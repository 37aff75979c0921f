"""Domain operations, one module per capability: the rules of Rembuk, under every view.

An operation checks the state, runs its store transaction and, once committed, sends the
broadcast it names (through realtime.broadcast_*). It raises the domain errors below and
knows nothing of HTTP: errors.py turns them into the JSON error shape for the API, and the
HTML views catch `DomainError` to show the messages beside the fields. Views call rules;
rules never call views.
"""

from flask_babel import lazy_gettext as _l

from ..store import Conflict as StoreConflict
from ..store import NotFound

__all__ = ["Conflict", "DomainError", "FieldError", "Forbidden", "NotFound", "field_error"]


class DomainError(Exception):
    """A rule said no. `status` and `code` follow the API's error table; `fields` maps a
    field to its messages when the problem belongs to one."""

    status = 400
    code = "error"

    def __init__(self, message, code=None, fields=None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code or self.code
        self.fields = fields


class Conflict(DomainError, StoreConflict):
    """The object's state forbids the change (409): `code` for machines, the message for people."""

    status = 409
    code = "conflict"


class FieldError(DomainError, ValueError):
    """Input that passed the form but breaks a rule (422), as {field: [messages]}."""

    status = 422
    code = "validation_failed"

    def __init__(self, fields, message=None):
        clean = {name: [str(m) for m in messages] for name, messages in fields.items()}
        super().__init__(message or _l("Some fields need attention."), fields=clean)


class Forbidden(DomainError):
    """The caller may see the object but not do this to it (403)."""

    status = 403
    code = "forbidden"


def field_error(field, message):
    """One message on one field: `raise field_error("opd_id", _("…"))`."""
    return FieldError({field: [message]})
