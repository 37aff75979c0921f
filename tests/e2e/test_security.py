"""Security seen from outside: socket origin checks and no secrets in the server's log."""

import datetime

import engineio
import pytest
import requests
import socketio

PASSWORD = "rahasia-bimtek-2017"


def test_sockets_from_another_origin_are_refused(server):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    token = server.token("sari", PASSWORD)
    foreign = socketio.Client(reconnection=False)
    with pytest.raises((socketio.exceptions.ConnectionError, engineio.exceptions.ConnectionError)):
        foreign.connect(
            server.url,
            auth={"token": token},
            transports=["websocket"],
            headers={"Origin": "http://evil.example"},
            wait_timeout=5,
        )
    same = socketio.Client(reconnection=False)
    same.connect(
        server.url,
        auth={"token": token},
        transports=["websocket"],
        headers={"Origin": server.url},
        wait_timeout=5,
    )
    assert same.connected
    same.disconnect()


def test_no_secrets_in_the_log(server):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    requests.post(
        server.url + "/api/v1/auth/token",
        json={"username": "sari", "password": "salah-" + PASSWORD},
        timeout=5,
    )
    token = server.token("sari", PASSWORD)
    w = server.api(
        "POST",
        "/workshops",
        token,
        json={
            "title": "Bimtek",
            "city": "Kota Bogor",
            "starts_on": datetime.date.today().isoformat(),
        },
    ).json()
    opd = server.api("GET", f"/workshops/{w['id']}/opds", token).json()["items"][0]
    device = server.api(
        "POST", "/join", None, json={"code": w["code"], "name": "Rina", "opd_id": opd["id"]}
    ).json()["token"]
    server.api("GET", "/me", device)
    requests.get(f"{server.url}/projector/{w['projector_key']}", timeout=5)
    requests.get(f"{server.url}/api/v1/me", headers={"Authorization": "Bearer forged"}, timeout=5)
    log = server.output()
    for secret in (PASSWORD, token, device, w["projector_key"]):
        assert secret not in log
