"""The JSON API, /api/v1 (the contract is ../shared/API.md); one module per capability."""

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The largest integer SQLite stores; bigger numbers in a body are a validation error.
SQLITE_MAX_INT = 2**63 - 1


def doc(summary, body=None, responses=None, query=None):
    """Attach OpenAPI facts to a view: what it does, its JSON body form, its answers."""

    def decorator(view):
        view.openapi = {
            "summary": summary,
            "body": body,
            "responses": responses or {},
            "query": query or {},
        }
        return view

    return decorator


def json_body():
    """The request's JSON object, or 400 when it is missing, malformed or not an object."""
    if not request.is_json:
        raise ApiError(400, _("Send a JSON object with Content-Type: application/json."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    return data


def to_multidict(data):
    """JSON → MultiDict, so WTForms treats it exactly like submitted form data."""
    pairs = []
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is None:
                continue
            if isinstance(v, bool):
                v = "true" if v else "false"
            elif isinstance(v, dict | list):
                raise ApiError(
                    422, _("Some fields need attention."), fields={key: [_("Invalid value.")]}
                )
            pairs.append((key, str(v)))
    return MultiDict(pairs)


def validate(form_class, data, partial=False, **kwargs):
    """Build and validate a form from JSON; 422 with field messages when invalid.

    With partial=True (PATCH) only the fields present in the body are checked.
    """
    form = form_class(formdata=to_multidict(data), meta={"csrf": False}, **kwargs)
    if partial:
        for name in list(form._fields):
            if name not in data:
                delattr(form, name)
    unknown = set(data) - set(form._fields) - getattr(form, "extra_keys", set())
    valid = form.validate()
    huge = [
        name
        for name, field in form._fields.items()
        if isinstance(field.data, int)
        and not isinstance(field.data, bool)
        and abs(field.data) > SQLITE_MAX_INT
    ]
    if not valid or unknown or huge:
        fields = {name: list(errors) for name, errors in form.errors.items()}
        for name in huge:
            fields.setdefault(name, []).append(_("This number is too large."))
        for name in sorted(unknown):
            fields[name] = [_("Unknown field.")]
        raise ApiError(422, _("Some fields need attention."), fields=fields)
    return form


def form_data(form):
    """The validated fields of a (possibly partial) form as a dict."""
    return {name: field.data for name, field in form._fields.items()}


def created(obj):
    """201 with the object."""
    return jsonify(obj), 201


def items(rows):
    """Lists are {"items": [...]}, leaving room for paging."""
    return jsonify({"items": rows})


def no_content():
    """204 for deletes."""
    return "", 204
