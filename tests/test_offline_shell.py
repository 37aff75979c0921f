"""The participants' offline shell on the server side (workshop/views/participant/shell.py):
the worker and its scope, the manifest, the offline page, leaving a device, and which pages
load the shell (participant pages only: never the facilitator's or the projector's)."""

import json
import os
import re

import pytest

from tests.conftest import csrf_from
from workshop.views.participant import shell


@pytest.fixture
def hall(auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    rina, token = auth.participant(workshop, "Rina", "Bappeda")
    return {"workshop": workshop, "rina": rina, "token": token}


def settings_of(worker):
    first = worker.split("\n", 1)[0]
    assert first.startswith("self.REMBUK_SHELL = ")
    return json.loads(first[len("self.REMBUK_SHELL = ") : -1])


def test_the_worker_is_served_for_the_participant_scope(client):
    response = client.get("/w/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/w"
    assert response.headers["Cache-Control"] == "no-cache"
    settings = settings_of(response.get_data(as_text=True))
    assert settings["scope"] == "/w"
    assert settings["offline"] == "/w/offline"
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    for url in settings["precache"]:  # every precached file exists
        assert client.get(url).status_code == 200, url


def test_the_asset_version_is_configurable(app, client):
    app.config["ASSET_VERSION"] = "2026-12-07"
    app.extensions.pop("rembuk_asset_version", None)
    assert settings_of(client.get("/w/sw.js").get_data(as_text=True))["version"] == "2026-12-07"


def test_the_manifest_is_indonesian_and_installable(client):
    response = client.get("/w/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = json.loads(response.get_data(as_text=True))
    assert data["lang"] == "id"
    assert data["name"] == "Rembuk — peserta lokakarya"
    assert (data["start_url"], data["scope"], data["display"]) == ("/w", "/w", "standalone")
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_offline_page_names_nobody(client, hall):
    client.set_cookie("rembuk_device", hall["token"])
    html = client.get("/w/offline").get_data(as_text=True)
    assert "Tidak ada jaringan" in html
    anonymous = client.__class__(client.application).get("/w/offline").get_data(as_text=True)
    assert "Rina" not in anonymous


def test_participant_pages_load_the_shell_and_name_their_viewer(client, hall):
    client.set_cookie("rembuk_device", hall["token"])
    response = client.get("/w")
    html = response.get_data(as_text=True)
    assert response.headers[shell.VIEWER_HEADER] == str(hall["rina"]["id"])
    assert 'rel="manifest"' in html
    assert "js/shell.js" in html
    assert 'id="offline-notice"' in html and 'data-shell-saved=""' in html
    # The worker's marker is the first one on the page (it replaces the first).
    assert html.count('data-shell-saved=""') == 1


def test_other_pages_do_not_load_the_shell(client, auth, hall):
    for url in ("/join", f"/j/{hall['workshop']['code']}"):
        html = client.get(url).get_data(as_text=True)
        assert "js/shell.js" not in html and 'rel="manifest"' not in html, url
    auth.login()
    response = client.get(f"/workshops/{hall['workshop']['id']}")
    assert response.status_code == 200
    assert "js/shell.js" not in response.get_data(as_text=True)
    assert shell.VIEWER_HEADER not in response.headers


def test_leaving_forgets_the_device_and_clears_the_site(client, hall):
    client.set_cookie("rembuk_device", hall["token"])
    token = csrf_from(client.get("/w").get_data(as_text=True))
    response = client.post("/w/leave", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/join")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "rembuk_device=;" in response.headers["Set-Cookie"]
    assert client.get("/w").headers["Location"].endswith("/join")
    # The token itself is revoked: a copy of the cookie taken before leaving opens nothing.
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {hall['token']}"})
    assert me.status_code == 401
    client.set_cookie("rembuk_device", hall["token"])
    assert client.get("/w").headers["Location"].endswith("/join")


def test_leaving_one_device_keeps_the_others(client, hall):
    other = client.post(
        "/api/v1/me/link", headers={"Authorization": f"Bearer {hall['token']}"}
    ).get_json()["code"]
    second = client.post("/api/v1/join", json={"link_code": other}).get_json()["token"]
    client.set_cookie("rembuk_device", hall["token"])
    token = csrf_from(client.get("/w").get_data(as_text=True))
    assert client.post("/w/leave", data={"csrf_token": token}).status_code == 302
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"})
    assert me.status_code == 200


def test_leaving_needs_the_csrf_token(client, hall):
    client.set_cookie("rembuk_device", hall["token"])
    client.get("/w")
    assert client.post("/w/leave").status_code in (400, 403)
    assert client.get("/w").status_code == 200


@pytest.fixture
def no_exec(monkeypatch):
    """`serve` ends in os.execve (gunicorn): record the call instead of replacing the test."""
    calls = []

    def fake_execve(path, argv, env):
        calls.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", fake_execve)
    return calls


def test_serve_speaks_https_with_a_certificate(app, runner, no_exec, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("certificate")
    key.write_text("key")
    app.config["LAN_ADDRESSES"] = ["192.0.2.10"]
    result = runner.invoke(args=["serve", "--certfile", str(cert), "--keyfile", str(key)])
    assert result.exit_code == 0, result.output
    argv = no_exec[0]
    assert argv[argv.index("--certfile") + 1] == str(cert)
    assert argv[argv.index("--keyfile") + 1] == str(key)
    assert "in the hall: https://192.0.2.10:8000" in result.output
    assert "on this machine: https://localhost:8000" in result.output
    assert "WORKSHOP_PUBLIC_URL" in result.output


def test_serve_wants_both_certificate_and_key(runner, no_exec, tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("certificate")
    result = runner.invoke(args=["serve", "--certfile", str(cert)])
    assert result.exit_code != 0
    assert "go together" in result.output
    assert no_exec == []


def test_plain_serve_stays_http(runner, no_exec):
    result = runner.invoke(args=["serve"])
    assert "--certfile" not in no_exec[0]
    assert "on this machine: http://localhost:8000" in result.output
