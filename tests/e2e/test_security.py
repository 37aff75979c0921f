"""Security seen from outside: socket origin checks and no secrets in the server's log."""

import datetime

import pytest
import requests
import websocket

PASSWORD = "rahasia-bimtek-2017"


def test_sockets_from_another_origin_are_refused(server):
    endpoint = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(endpoint, origin="http://evil.example", timeout=5)
    assert refused.value.status_code == 400
    same = websocket.create_connection(endpoint, origin=server.url, timeout=5)
    assert same.recv().startswith("0{")  # the Engine.IO open packet
    same.close()


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
