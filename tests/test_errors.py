"""Bad input gets the documented JSON error (or a friendly page) and changes nothing."""

import pytest

from tests.conftest import bearer


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "not_found", "message": "Tidak ditemukan."}}


def test_unknown_page_is_friendly_html(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Tidak ditemukan." in response.get_data(as_text=True)


def test_method_not_allowed(client):
    response = client.put("/api/v1/openapi.json")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "data,content_type",
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ('"text"', "application/json"),
        ("username=a&password=b", "application/x-www-form-urlencoded"),
        ("", "application/json"),
    ],
)
def test_malformed_bodies_are_400(client, data, content_type):
    response = client.post("/api/v1/auth/token", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed"


def test_validation_errors_are_field_level(client, auth, db):
    user = auth.create()
    token = auth.token()
    before = db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0]
    response = client.post(
        "/api/v1/workshops",
        json={"title": "", "city": "x" * 101, "starts_on": "01/08/2017", "days": 40, "bogus": 1},
        headers=bearer(token),
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"title", "city", "starts_on", "days", "bogus"}
    assert "Judul wajib diisi" in error["fields"]["title"][0]
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == before
    assert user


def test_field_errors_in_english_when_asked(client, auth):
    auth.create()
    token = auth.token()
    response = client.post(
        "/api/v1/workshops?lang=en", json={"city": "Bogor"}, headers=bearer(token)
    )
    assert response.get_json()["error"]["fields"]["title"] == [
        "The title is required (max. 200 characters)."
    ]


def test_oversized_body_is_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/api/v1/auth/token", data=big, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_crash_returns_500_without_stack_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/v1/boom-test")
    def boom():
        raise RuntimeError("secret internal detail")

    response = client.get("/api/v1/boom-test")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internal detail" not in body and "Traceback" not in body
    assert response.get_json()["error"]["code"] == "internal_error"


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_session_cookie_is_secure_over_https(app):
    plain = app.test_client().get("/login")
    assert "Secure" not in plain.headers["Set-Cookie"]
    secure = app.test_client().get("/login", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_forwarded_https_is_trusted_only_behind_a_configured_proxy(tmp_path):
    from workshop import create_app

    def cookie(proxy_count):
        app = create_app(
            {
                "DATABASE": str(tmp_path / "s.db"),
                "INSTANCE_PATH": str(tmp_path / "i"),
                "PROXY_COUNT": proxy_count,
            }
        )
        response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        return response.headers["Set-Cookie"]

    assert "Secure" not in cookie(0)
    assert "Secure" in cookie(1)


def test_huge_numbers_are_not_found_or_invalid_never_a_crash(client, auth):
    auth.create()
    token = auth.token()
    assert (
        client.get("/api/v1/sessions/99999999999999999999", headers=bearer(token)).status_code
        == 404
    )
    r = client.post(
        "/api/v1/workshops",
        json={"title": "T", "city": "C", "starts_on": "2017-08-01", "year": 10**30},
        headers=bearer(token),
    )
    assert r.status_code == 422 and "year" in r.get_json()["error"]["fields"]
