"""The JSON API's blueprint (/api/v1) and its response conventions; input goes through
../payloads.py."""

from flask import Blueprint, jsonify

from ..payloads import form_data, json_body, validate

__all__ = ["bp", "created", "doc", "form_data", "items", "json_body", "no_content", "validate"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")


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


def created(obj):
    """201 with the object."""
    return jsonify(obj), 201


def items(rows):
    """Lists are {"items": [...]}, leaving room for paging."""
    return jsonify({"items": rows})


def no_content():
    """204 for deletes."""
    return "", 204
