"""Facilitator accounts, login pages, bearer tokens, CSRF and the projector's read-only key."""

import pytest

from tests.conftest import PASSWORD, bearer, csrf_from
from workshop.store import accounts


def test_password_is_hashed(auth, db):
    auth.create()
    row = next(db.query("SELECT password_hash FROM facilitators"))
    assert PASSWORD not in row["password_hash"]
    assert accounts.authenticate(db, "Alice", PASSWORD)["username"] == "alice"
    assert accounts.authenticate(db, "alice", "wrong") is None
    assert accounts.authenticate(db, "nobody", PASSWORD) is None


def test_login_page_logs_in_and_out(client, auth):
    auth.create()
    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/workshops"
    page = client.get("/workshops")
    assert page.status_code == 200
    assert "alice" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/workshops").headers["Location"].startswith("/login")


def test_login_redirects_only_to_local_next(client, auth):
    auth.create()
    token = auth.csrf()
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/workshops"


@pytest.mark.parametrize(
    "username,password,status,message",
    [
        ("alice", "wrong", 401, "Kata sandi atau nama pengguna salah"),
        ("nobody", PASSWORD, 401, "Kata sandi atau nama pengguna salah"),
        ("", PASSWORD, 422, "Masukkan nama pengguna"),
        ("alice", "", 422, "Masukkan kata sandi"),
    ],
)
def test_login_page_errors(client, auth, db, username, password, status, message):
    auth.create()
    token = auth.csrf()
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "facilitator_id" not in s


def test_login_without_csrf_is_refused(client, auth):
    auth.create()
    client.get("/login")
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert "Muat ulang halaman" in response.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "facilitator_id" not in s


def test_login_lockout_after_repeated_failures(app, client, auth):
    auth.create()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert (
            client.post(
                "/api/v1/auth/token", json={"username": "alice", "password": "nope"}
            ).status_code
            == 401
        )
    locked = client.post("/api/v1/auth/token", json={"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.get_json()["error"]["code"] == "rate_limited"
    page = client.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": auth.csrf()}
    )
    assert page.status_code == 429


def test_token_grants_api_access_without_csrf(client, auth):
    auth.create()
    token = auth.token()
    me = client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.get_json()["facilitator"]["username"] == "alice"
    created = client.post(
        "/api/v1/workshops",
        json={"title": "Bimtek", "city": "Kota Bogor", "starts_on": "2017-08-01"},
        headers=bearer(token),
    )
    assert created.status_code == 201


def test_token_is_stored_hashed_and_revocable(client, auth, db):
    auth.create()
    token = auth.token()
    stored = [r["token_hash"] for r in db.query("SELECT token_hash FROM api_tokens")]
    assert token not in stored and accounts.hash_token(token) in stored
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_expired_token_refused(app, client, auth, db):
    auth.create()
    token = auth.token()
    db.execute("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00Z'")
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ", "Basic YWxpY2U6eA==", "Token abc"]
)
def test_bad_authorization_header(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert "error" in response.get_json()


def test_wrong_credentials_on_token_route(client, auth):
    auth.create()
    response = client.post("/api/v1/auth/token", json={"username": "alice", "password": "x"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_credentials"


def test_cookie_session_json_write_needs_csrf_header(client, auth):
    auth.create()
    auth.login()
    body = {"title": "Bimtek", "city": "Kota Bogor", "starts_on": "2017-08-01"}
    refused = client.post("/api/v1/workshops", json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    token = csrf_from(client.get("/workshops").get_data(as_text=True))
    ok = client.post("/api/v1/workshops", json=body, headers={"X-CSRFToken": token})
    assert ok.status_code == 201


def test_projector_key_reads_but_cannot_write(client, auth):
    user = auth.create()
    workshop = auth.workshop(user["id"])
    key = workshop["projector_key"]
    me = client.get("/api/v1/me", headers=bearer(key))
    assert me.get_json() == {
        "kind": "projector",
        "workshop": {"id": workshop["id"], "title": workshop["title"]},
    }
    read = client.get(f"/api/v1/workshops/{workshop['id']}", headers=bearer(key))
    assert read.status_code == 200
    assert "projector_key" not in read.get_json()
    write = client.patch(
        f"/api/v1/workshops/{workshop['id']}", json={"title": "x"}, headers=bearer(key)
    )
    assert write.status_code == 403
    assert client.post("/api/v1/workshops", json={}, headers=bearer(key)).status_code == 403


def test_pages_require_login(client):
    response = client.get("/workshops")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_valid_fields_are_not_announced_as_invalid(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'aria-invalid="None"' not in html and 'aria-describedby="None"' not in html
    assert "aria-invalid" not in html
