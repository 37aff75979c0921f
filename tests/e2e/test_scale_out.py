"""Two `workshop serve` processes share the store and a Redis message queue: a client on
process A hears the update caused by a write through process B."""

import datetime
import os
import shutil
import subprocess
import time

import pytest
import socketio

from tests.e2e.conftest import LiveServer, free_port

PASSWORD = "rahasia-bimtek"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture
def redis_url(tmp_path):
    if not os.path.exists(REDIS):
        message = "redis-server is missing: apt-get install -y redis-server (bash .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_update_through_b_reaches_a_client_on_a(tmp_path, redis_url):
    a = LiveServer(tmp_path)
    a.env["WORKSHOP_MESSAGE_QUEUE"] = redis_url
    a.start()
    b = LiveServer(tmp_path)  # same store and instance folder, another port
    b.env["WORKSHOP_MESSAGE_QUEUE"] = redis_url
    b.start()
    try:
        a.cli("facilitator", "add", "sari", "--password", PASSWORD)
        token = b.token("sari", PASSWORD)
        w = b.api(
            "POST",
            "/workshops",
            token,
            json={
                "title": "Bimtek",
                "city": "Kota Bogor",
                "starts_on": datetime.date.today().isoformat(),
            },
        ).json()
        session = next(
            s
            for s in a.api("GET", f"/workshops/{w['id']}/sessions", token).json()["items"]
            if s["kind"] == "ideas"
        )
        a.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
        received = []
        on_a = socketio.Client()
        on_a.on("idea_created", lambda data: received.append(data["title"]))
        on_a.connect(
            a.url,
            auth={"token": token, "workshop_id": w["id"]},
            transports=["websocket"],
            wait_timeout=5,
        )
        # A phone on A hears the hall's batch, flushed by process B (issue 13).
        opd = a.api("GET", f"/workshops/{w['id']}/opds", token).json()["items"][0]
        joined = a.api(
            "POST", "/join", None, json={"code": w["code"], "name": "Rina", "opd_id": opd["id"]}
        )
        assert joined.status_code == 201, joined.text
        batches = []
        phone = socketio.Client()
        phone.on("ideas_created", lambda data: batches.append([i["title"] for i in data["items"]]))
        phone.connect(
            a.url, auth={"token": joined.json()["token"]}, transports=["websocket"], wait_timeout=5
        )
        created = b.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            token,
            json={"title": "Lewat proses B", "dimension": "governance", "client_id": "via-b"},
        )
        assert created.status_code == 201
        deadline = time.monotonic() + 5
        while not (received and batches) and time.monotonic() < deadline:
            time.sleep(0.05)
        on_a.disconnect()
        phone.disconnect()
        assert received == ["Lewat proses B"]
        assert batches == [["Lewat proses B"]]
    finally:
        b.stop()
        a.stop()
