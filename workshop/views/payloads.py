"""Input for every view: a JSON body or a form post → a validated WTForms form.

The API and the HTML views read input the same way, so one WTForms class checks the HTML
form, the JSON body and the socket payload (built with formdata=MultiDict(...), never data=).
"""

import re

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField, StringField

from ..errors import ApiError
from ..rules import field_error

# The largest integer SQLite stores; bigger numbers in a body are a validation error.
SQLITE_MAX_INT = 2**63 - 1
# Half of a UTF-16 pair, alone: valid in JSON ("\ud800"), not text anywhere else (SQLite,
# documents and logs refuse it), so it is refused at the door (issue 12).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(value):
    """True when a string anywhere in this JSON value holds a lone surrogate."""
    if isinstance(value, str):
        return bool(LONE_SURROGATE.search(value))
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    return False


def json_body():
    """The request's JSON object, or 400 when it is missing, malformed or not an object."""
    if not request.is_json:
        raise ApiError(400, _("Send a JSON object with Content-Type: application/json."))
    try:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ApiError(400, _("The body must be a JSON object."))
        if any(has_lone_surrogate(key) for key in data):
            raise ApiError(400, _("The request could not be read."))
        broken = sorted(key for key, value in data.items() if has_lone_surrogate(value))
    except RecursionError as e:  # JSON nested thousands deep
        raise ApiError(400, _("The request could not be read.")) from e
    if broken:
        message = _("Remove the characters that are not valid text.")
        raise ApiError(
            422, _("Some fields need attention."), fields={key: [message] for key in broken}
        )
    return data


def wrong_types(form, data):
    """{field: message} for JSON values of the wrong kind: a number, true/false or a list
    where the form expects text, or a list where it expects one value."""
    wrong = {}
    for name, value in data.items():
        field = form._fields.get(name)
        if field is None or value is None:
            continue
        if isinstance(value, list) and not isinstance(field, SelectMultipleField):
            wrong[name] = _("Send one value here, not a list.")
        elif (
            isinstance(field, StringField)
            and not isinstance(value, str | list)
            and not getattr(field, "accepts_numbers", False)
        ):
            wrong[name] = _("Send text here (in quotes), not a number or true/false.")
    return wrong


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
    wrong = wrong_types(form, data)
    valid = form.validate() and not wrong
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
        for name, message in wrong.items():
            fields[name] = [message]
        for name in sorted(unknown):
            fields[name] = [_("Unknown field.")]
        raise ApiError(422, _("Some fields need attention."), fields=fields)
    return form


def validate_list(form_class, items, prefix):
    """Each object of a JSON list through one form: the validated dicts, or 422 with the
    messages named `prefix.index.field` (e.g. `stages.1.starts_on`) for every bad item."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ApiError(
            422, _("Some fields need attention."), fields={prefix: [_("Send a list of objects.")]}
        )
    fields, out = {}, []
    for index, item in enumerate(items):
        try:
            out.append(form_data(validate(form_class, item)))
        except ApiError as e:
            for name, messages in (e.fields or {}).items():
                fields[f"{prefix}.{index}.{name}"] = messages
    if fields:
        raise ApiError(422, _("Some fields need attention."), fields=fields)
    return out


def form_data(form):
    """The validated fields of a (possibly partial) form as a dict."""
    return {name: field.data for name, field in form._fields.items()}


# Content types accepted as a raw CSV body (Excel and curl label CSV in many ways).
CSV_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",
    "application/octet-stream",
}


def uploaded_csv():
    """The CSV bytes of an import: a text/csv body or a multipart field named "file"."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise field_error("file", _("Choose a CSV file with the columns code,name."))
        return upload.read()
    if request.mimetype in CSV_TYPES:
        return request.get_data()
    raise ApiError(
        415,
        _(
            "Send the CSV as the body with Content-Type: text/csv, or upload it as a"
            " form field named file."
        ),
    )


def place_errors(form, error):
    """Put a DomainError's field messages on the HTML form's fields; returns the messages
    that belong to no field of the form (or the error's message when it names no field)."""
    leftover = []
    for name, messages in (error.fields or {}).items():
        if name in form._fields:
            form[name].errors = list(messages)
        else:
            leftover.extend(messages)
    if not error.fields:
        leftover.append(error.message)
    return " ".join(str(m) for m in leftover)
