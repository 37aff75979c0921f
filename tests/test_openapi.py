"""The OpenAPI description lists every API route that exists, with its methods."""

import re

from werkzeug.routing import Rule


def test_every_api_route_is_described(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or "boom" in rule.rule:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len("/api/v1") :])
        assert path in spec["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            op = spec["paths"][path][method.lower()]
            assert op["summary"], (path, method)
            assert op["responses"]


def test_request_body_schema_comes_from_the_form(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/workshops"]["post"]["requestBody"]["content"]["application/json"]
    schema = body["schema"]
    assert set(schema["required"]) >= {"title", "city", "starts_on"}
    assert schema["properties"]["title"]["maxLength"] == 200
    assert schema["properties"]["starts_on"] == {"type": "string", "format": "date"}
    assert schema["properties"]["template"]["enum"] == ["bimtek-smart-city", "empty"]
    assert spec["paths"]["/workshops/{workshop_id}"]["get"]["parameters"][0]["schema"] == {
        "type": "integer"
    }


def test_spec_has_error_schema(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    assert isinstance(Rule, type)


def test_device_link_routes_are_described(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    link = spec["paths"]["/me/link"]["post"]
    assert "201" in link["responses"] and "Callers: participant." in link["description"]
    join = spec["paths"]["/join"]["post"]["requestBody"]["content"]["application/json"]
    assert "link_code" in join["schema"]["properties"]
    assert "link_code" not in join["schema"]["required"]
