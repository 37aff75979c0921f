"""Idle connections cannot freeze the hall (issue 12, item 3), at a bounded scale.

A hostile device opens hundreds of connections that send half a request and wait, and
bare websockets that never say who they are. Meanwhile /healthz and a participant's ballot
must still answer, the device's connections beyond the per-address cap are refused with a
clear 429, and the server closes the idle ones by itself. The attackers use other loopback
addresses (127.0.0.2, 127.0.0.3) than the hall (127.0.0.1), as devices on a LAN would.
"""

import socket
import time

import requests

HALF_REQUESTS = 200  # from one device: beyond the per-address cap (64)
BARE_WEBSOCKETS = 40  # from another device
ANSWER_WITHIN = 5  # seconds: a frozen server does not answer at all
PASSWORD = "kata sandi rahasia"


def connect_from(address, port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0))
    return sock


def read_some(sock, timeout):
    """Bytes the server sent (b"" when it closed the connection), or None if it stayed quiet."""
    sock.settimeout(timeout)
    try:
        return sock.recv(4096)
    except TimeoutError:
        return None
    except OSError:
        return b""


def closed_within(sock, seconds):
    """True when the server closes this connection within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = read_some(sock, max(0.1, deadline - time.monotonic()))
        if data == b"":
            return True
    return False


def bare_websocket(port):
    """A websocket handshake to Engine.IO, then silence: no Socket.IO connect, ever."""
    sock = connect_from("127.0.0.3", port)
    sock.sendall(
        (
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    answer = read_some(sock, 10)
    assert answer and answer.startswith(b"HTTP/1.1 101"), answer
    return sock


def hall(server):
    w, fac = server.facilitator_workshop(PASSWORD, title="Bimtek")
    session = server.open_ideas_session(w, fac)
    idea = server.api(
        "POST",
        f"/sessions/{session['id']}/ideas",
        fac,
        json={"title": "Satu data", "dimension": "governance", "client_id": "seed"},
    ).json()
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        fac,
        json={"title": "Prioritas", "method": "approval"},
    ).json()
    server.api("POST", f"/polls/{poll['id']}/open", fac)
    opd = server.api("GET", f"/workshops/{w['id']}/opds", fac).json()["items"][0]
    joined = server.api(
        "POST", "/join", None, json={"code": w["code"], "name": "Rina", "opd_id": opd["id"]}
    ).json()
    return poll, idea, joined["token"]


def test_idle_connections_do_not_freeze_the_hall(server):
    server.env.update(WORKSHOP_IO_TIMEOUT_SECONDS="6", WORKSHOP_SOCKET_JOIN_SECONDS="3")
    server.restart()
    poll, idea, device = hall(server)
    port = server.port

    half_open, refused = [], 0
    for _ in range(HALF_REQUESTS):
        sock = connect_from("127.0.0.2", port)
        try:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: hall\r\nX-Slow: ")
        except OSError:
            refused += 1
            sock.close()
            continue
        half_open.append(sock)
    websockets = [bare_websocket(port) for _ in range(BARE_WEBSOCKETS)]

    # The hall still answers, quickly, while the attack holds.
    started = time.monotonic()
    assert requests.get(server.url + "/healthz", timeout=ANSWER_WITHIN).status_code == 200
    ballot = requests.put(
        f"{server.url}/api/v1/polls/{poll['id']}/ballot",
        json={"approve": [idea["id"]]},
        headers={"Authorization": f"Bearer {device}"},
        timeout=ANSWER_WITHIN,
    )
    assert ballot.status_code == 200, ballot.text
    assert time.monotonic() - started < ANSWER_WITHIN

    # Beyond the per-address cap, the device was told why and cut off.
    answers = [read_some(sock, 0.05) for sock in half_open]
    refusals = [a for a in answers if a and a.startswith(b"HTTP/1.1 429")]
    assert refused + len(refusals) >= HALF_REQUESTS - 64
    assert b"Too many connections" in refusals[0]

    # The server ends the idle ones by itself: half requests after the read timeout, bare
    # websockets after the Socket.IO connect grace.
    waiting = [s for s, a in zip(half_open, answers, strict=True) if a is None]
    assert waiting, "some half requests should have been admitted"
    assert all(closed_within(sock, 20) for sock in waiting)
    assert all(closed_within(sock, 20) for sock in websockets)
    for sock in half_open + websockets:
        sock.close()
    assert requests.get(server.url + "/healthz", timeout=ANSWER_WITHIN).status_code == 200
