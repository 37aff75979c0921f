"""GET /api/v1/openapi.json, built from the routes that exist, so it cannot fall behind."""

import re

from flask import current_app, jsonify
from werkzeug.routing import IntegerConverter
from wtforms import fields as wtf

from ...errors import CODES
from .blueprint import bp, doc

# WTForms field class → JSON schema of the value the API accepts.
FIELD_SCHEMAS = [
    (wtf.IntegerField, {"type": "integer"}),
    (wtf.DecimalField, {"type": "number"}),
    (wtf.FloatField, {"type": "number"}),
    (wtf.BooleanField, {"type": "boolean"}),
    (wtf.DateField, {"type": "string", "format": "date"}),
    (wtf.SelectMultipleField, {"type": "array", "items": {"type": "string"}}),
    (wtf.SelectField, {"type": "string"}),
]
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}


def field_schema(field):
    """JSON schema of one form field, with its length limits and choices."""
    schema = {"type": "string"}
    for cls, candidate in FIELD_SCHEMAS:
        if isinstance(field, cls):
            schema = dict(candidate)
            break
    for v in field.validators:
        name = type(v).__name__
        if name == "Length" and schema["type"] == "string":
            if v.max and v.max > 0:
                schema["maxLength"] = v.max
        elif name == "NumberRange":
            if v.min is not None:
                schema["minimum"] = v.min
            if v.max is not None:
                schema["maximum"] = v.max
        elif name == "Regexp":
            schema["pattern"] = v.regex.pattern
    choices = getattr(field, "choices", None)
    if choices and schema["type"] == "string":
        values = [c.value if hasattr(c, "value") else c[0] for c in choices]
        values = [v for v in values if v != ""]
        if values:
            schema["enum"] = values
    if field.description:
        schema["description"] = str(field.description)
    return schema


def form_schema(form_class):
    """JSON schema of a request body from the WTForms class that validates it."""
    form = form_class(meta={"csrf": False})
    properties, required = {}, []
    for name, field in form._fields.items():
        properties[name] = field_schema(field)
        if any(type(v).__name__ in ("InputRequired", "DataRequired") for v in field.validators):
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def operation(rule, method, view):
    """The OpenAPI operation for one method of one route."""
    info = getattr(view, "openapi", {})
    kinds = getattr(view, "required_kinds", None)
    op = {
        "operationId": f"{method.lower()}_{rule.endpoint.split('.')[-1]}",
        "summary": info.get("summary") or (view.__doc__ or "").strip().split("\n")[0],
        "responses": {},
    }
    if view.__doc__:
        op["description"] = view.__doc__.strip()
    if kinds:
        op["description"] = op.get("description", "") + f"\n\nCallers: {', '.join(kinds)}."
    params = []
    for arg in rule.arguments:
        numeric = isinstance(rule._converters[arg], IntegerConverter)
        params.append(
            {
                "name": arg,
                "in": "path",
                "required": True,
                "schema": {"type": "integer"} if numeric else {"type": "string"},
            }
        )
    for name, description in info.get("query", {}).items():
        params.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": description,
            }
        )
    if params:
        op["parameters"] = params
    body = info.get("body")
    if body is not None and method in ("POST", "PUT", "PATCH"):
        if isinstance(body, str):
            content = {body: {"schema": {"type": "string"}}}
        else:
            content = {"application/json": {"schema": form_schema(body)}}
        op["requestBody"] = {"required": True, "content": content}
    for status, description in info.get("responses", {}).items():
        entry = {"description": description}
        if status >= 400:
            entry["content"] = {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
        op["responses"][str(status)] = entry
    if not any(s.startswith("2") for s in op["responses"]):
        op["responses"]["200"] = {"description": "OK"}
    for status in (400, 401, 403, 404, 422):
        op["responses"].setdefault(
            str(status),
            {
                "description": CODES[status],
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        )
    return op


def build_spec(app):
    """OpenAPI 3.1 description of every /api/v1 route registered on the app."""
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1"):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len("/api/v1") :])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = operation(rule, method, view)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Rembuk API",
            "version": "1",
            "description": "Live facilitation for Smart City masterplan workshops.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}, {}],
    }


@bp.get("/openapi.json")
@doc("This description", responses={200: "OpenAPI 3.1 document"})
def openapi():
    """Machine-readable description of the API, generated from the live routes."""
    return jsonify(build_spec(current_app))
