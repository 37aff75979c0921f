"""One error shape for the API (API.md) and friendly pages for the browser."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .rules import DomainError
from .store import Conflict, NotFound

# HTTP status → the machine-readable code in {"error": {"code": ...}}.
CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
}


class ApiError(DomainError):
    """Raised by views for HTTP-only refusals (auth, rate limits, bodies); rendered like every
    DomainError as the documented JSON error."""

    def __init__(self, status, message, code=None, fields=None, headers=None):
        super().__init__(message, code or CODES.get(status, "error"), fields)
        self.status = status
        self.headers = headers or {}


def default_message(status):
    """A sentence a person can act on, in the request's language."""
    messages = {
        400: _("The request could not be read."),
        401: _("Please log in (or send a valid token)."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This cannot be done in the current state."),
        413: _("The upload is too large."),
        415: _("Send JSON (Content-Type: application/json)."),
        422: _("Some fields need attention."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on the server. Your last action may not have been saved."),
    }
    return messages.get(status, _("Error."))


def wants_json():
    """API paths and fetch() calls get JSON; people get a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(status, message, code=None, fields=None, headers=None):
    """The JSON error body or the friendly error page, with the right status."""
    if wants_json():
        body = {"error": {"code": code or CODES.get(status, "error"), "message": message}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
    else:
        response = render_template("errors/error.html", status=status, message=message)
    return response, status, headers or {}


def init_app(app):
    """Install handlers for our errors, HTTP errors, CSRF failures and crashes."""

    @app.errorhandler(DomainError)
    def handle_domain_error(e):
        return error_response(e.status, e.message, e.code, e.fields, getattr(e, "headers", None))

    @app.errorhandler(NotFound)
    def handle_not_found(e):
        return error_response(404, default_message(404))

    @app.errorhandler(Conflict)
    def handle_conflict(e):
        return error_response(409, str(e) or default_message(409))

    @app.errorhandler(CSRFError)
    def handle_csrf(e):
        return error_response(
            400,
            _("The form expired or was sent from elsewhere. Reload the page and try again."),
            code="csrf_failed",
        )

    @app.errorhandler(HTTPException)
    def handle_http(e):
        headers = {}
        if e.code == 405 and e.valid_methods:
            headers["Allow"] = ", ".join(e.valid_methods)
        return error_response(e.code, default_message(e.code), headers=headers)

    @app.errorhandler(Exception)
    def handle_crash(e):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500, default_message(500))
